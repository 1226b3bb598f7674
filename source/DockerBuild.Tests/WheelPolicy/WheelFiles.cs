using System.IO.Compression;
using System.Text;
using DockerBuild.Wheels.Archive;

namespace DockerBuild.Tests.WheelPolicy;

/// <summary>Writes wheel archives the way a build tool would, including deliberately broken ones for refusal tests.</summary>
internal static class WheelFiles
{
    public const string WheelMetadata = "Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: false\nTag: cp311-cp311-linux_x86_64\n";

    /// <summary>A wheel with the given files plus WHEEL and a truthful RECORD, in the given order and timestamp.</summary>
    public static string Write(string path, IReadOnlyList<(string Name, byte[] Content)> files, DateTimeOffset? time = null,
        Func<string, string>? editRecord = null, int mode = 0x1a4, string? wheelMetadata = null)
    {
        var name = WheelFileName.Parse(path);
        var all = files.Append((Name: $"{name.DistInfo}/WHEEL", Content: Encoding.UTF8.GetBytes(wheelMetadata ?? WheelMetadata))).ToList();
        var record = string.Concat(all.Select(f => $"{f.Name},{WheelRecord.HashOf(f.Content)},{f.Content.Length}\n")) + $"{name.DistInfo}/RECORD,,\n";
        record = editRecord?.Invoke(record) ?? record;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var stream = File.Create(path);
        using var zip = new ZipArchive(stream, ZipArchiveMode.Create);
        foreach (var (entryName, content) in all.Append((Name: $"{name.DistInfo}/RECORD", Content: Encoding.UTF8.GetBytes(record))))
        {
            var entry = zip.CreateEntry(entryName, CompressionLevel.Fastest);
            entry.LastWriteTime = time ?? DateTimeOffset.Now;
            entry.ExternalAttributes = (0x8000 | mode) << 16;
            using var s = entry.Open();
            s.Write(content);
        }
        return path;
    }

    /// <summary>The same archive entries re-zipped in another order, with other timestamps and modes.</summary>
    public static string Shuffle(string from, string to, DateTimeOffset time)
    {
        var entries = new List<(string Name, byte[] Content)>();
        using (var zip = ZipFile.OpenRead(from))
            foreach (var entry in zip.Entries)
            {
                using var s = entry.Open();
                using var m = new MemoryStream();
                s.CopyTo(m);
                entries.Add((entry.FullName, m.ToArray()));
            }
        entries.Reverse();
        Directory.CreateDirectory(Path.GetDirectoryName(to)!);
        using var stream = File.Create(to);
        using var output = new ZipArchive(stream, ZipArchiveMode.Create);
        foreach (var (entryName, content) in entries)
        {
            var entry = output.CreateEntry(entryName, CompressionLevel.SmallestSize);
            entry.LastWriteTime = time;
            entry.ExternalAttributes = (0x8000 | 0x1b6) << 16; // 0666
            using var s = entry.Open();
            s.Write(content);
        }
        return to;
    }
}
