using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace DockerBuild.Wheels.Archive;

/// <summary>
/// Writes a wheel whose bytes depend only on its file names and contents: entries sorted by path with the
/// .dist-info directory last and RECORD the very last entry, one fixed timestamp, modes 0644/0755, one compression
/// level, RECORD regenerated (sha256, sizes). The file appears atomically (temp name in the same directory, then rename).
/// </summary>
public static class DeterministicWheelWriter
{
    /// <summary>The earliest time a zip (DOS) timestamp can hold; earlier epochs are clamped to it.</summary>
    public static readonly DateTimeOffset ZipEpoch = new(1980, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Writes <paramref name="contents"/> as <c>{directory}/{contents.Name}</c>; returns its path and sha256 (hex).</summary>
    public static (string Path, string Sha256) Write(WheelContents contents, string directory, long? sourceDateEpoch)
    {
        Directory.CreateDirectory(directory);
        var timestamp = Timestamp(sourceDateEpoch);
        var recordPath = $"{contents.DistInfo}/RECORD";
        var ordered = contents.Entries.OrderBy(e => e.Path.StartsWith(contents.DistInfo + "/", StringComparison.Ordinal) ? 1 : 0)
            .ThenBy(e => e.Path, StringComparer.Ordinal)
            .ToList();
        var record = WheelRecord.Write(ordered.Select(e => new WheelRecordLine(e.Path, WheelRecord.HashOf(e.Content), e.Content.LongLength))
            .Append(new WheelRecordLine(recordPath, null, null)));

        var target = Path.Combine(directory, contents.Name.ToString());
        var temporary = Path.Combine(directory, $".{contents.Name}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.ReadWrite))
            {
                using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
                {
                    foreach (var entry in ordered) Add(zip, entry.Path, entry.Content, entry.Executable, timestamp);
                    Add(zip, recordPath, Encoding.UTF8.GetBytes(record), executable: false, timestamp);
                }
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, target, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
        using var written = File.OpenRead(target);
        return (target, Convert.ToHexStringLower(SHA256.HashData(written)));
    }

    /// <summary>SOURCE_DATE_EPOCH as a zip timestamp: UTC, clamped to 1980-01-01, even seconds (DOS time resolution).</summary>
    public static DateTimeOffset Timestamp(long? sourceDateEpoch)
    {
        var time = sourceDateEpoch is { } epoch ? DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(epoch, ZipEpoch.ToUnixTimeSeconds(), 4354819198L)) : ZipEpoch;
        if (time < ZipEpoch) time = ZipEpoch;
        return time.AddSeconds(-(time.Second % 2));
    }

    private static void Add(ZipArchive zip, string path, byte[] content, bool executable, DateTimeOffset timestamp)
    {
        var entry = zip.CreateEntry(path, CompressionLevel.Optimal);
        entry.LastWriteTime = timestamp;
        const int RegularFile = 0x8000; // S_IFREG
        entry.ExternalAttributes = (RegularFile | (executable ? 0x1ed : 0x1a4)) << 16; // 0755 / 0644
        using var stream = entry.Open();
        stream.Write(content);
    }
}
