using System.IO.Compression;
using System.Text;
using DockerBuild.Tools.Elf;

namespace DockerBuild.Wheels.Archive;

/// <summary>
/// Opens a wheel and refuses it unless every entry name stays inside the install root and RECORD tells the truth:
/// every file listed with a matching sha256 and size, every listed file present.
/// </summary>
public static class WheelArchiveReader
{
    private static readonly string[] Signatures = ["RECORD.jws", "RECORD.p7s"];

    public static WheelContents Read(string wheelPath)
    {
        WheelFileName name;
        try { name = WheelFileName.Parse(wheelPath); }
        catch (FormatException e) { throw new WheelArchiveException(wheelPath, null, e.Message); }

        var files = new Dictionary<string, (byte[] Content, bool Executable)>(StringComparer.Ordinal);
        try
        {
            using var zip = ZipFile.OpenRead(wheelPath);
            foreach (var entry in zip.Entries)
            {
                ArchiveEntryName.Check(wheelPath, entry.FullName);
                if (entry.FullName.EndsWith('/')) continue; // directory entries carry nothing to install
                if (files.ContainsKey(entry.FullName)) throw new WheelArchiveException(wheelPath, entry.FullName, "appears twice in the archive");
                using var stream = entry.Open();
                using var buffer = new MemoryStream();
                stream.CopyTo(buffer);
                var mode = (entry.ExternalAttributes >> 16) & 0x1ff;
                files[entry.FullName] = (buffer.ToArray(), (mode & 0x49) != 0);
            }
        }
        catch (InvalidDataException e)
        {
            throw new WheelArchiveException(wheelPath, null, $"not a readable zip archive ({e.Message})");
        }

        var recordPath = $"{name.DistInfo}/RECORD";
        if (!files.TryGetValue(recordPath, out var record))
            throw new WheelArchiveException(wheelPath, recordPath, $"is missing; a wheel named {Path.GetFileName(wheelPath)} must have {recordPath}");
        if (!files.ContainsKey($"{name.DistInfo}/WHEEL"))
            throw new WheelArchiveException(wheelPath, $"{name.DistInfo}/WHEEL", "is missing");

        IReadOnlyList<WheelRecordLine> lines;
        try { lines = WheelRecord.Parse(Encoding.UTF8.GetString(record.Content)); }
        catch (FormatException e) { throw new WheelArchiveException(wheelPath, recordPath, e.Message); }

        var listed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in lines)
        {
            ArchiveEntryName.Check(wheelPath, line.Path);
            if (!listed.Add(line.Path)) throw new WheelArchiveException(wheelPath, line.Path, "is listed twice in RECORD");
            if (line.Path == recordPath || Signatures.Any(s => line.Path == $"{name.DistInfo}/{s}")) continue;
            if (!files.TryGetValue(line.Path, out var file))
                throw new WheelArchiveException(wheelPath, line.Path, "is listed in RECORD but missing from the archive");
            if (line.Hash is null) throw new WheelArchiveException(wheelPath, line.Path, "has no hash in RECORD");
            if (!WheelRecord.Matches(line.Hash, file.Content, out var problem)) throw new WheelArchiveException(wheelPath, line.Path, problem);
            if (line.Size is { } size && size != file.Content.LongLength)
                throw new WheelArchiveException(wheelPath, line.Path, $"RECORD says {size} bytes but the archive holds {file.Content.LongLength}");
        }
        foreach (var path in files.Keys)
            if (!listed.Contains(path) && path != recordPath && !Signatures.Any(s => path == $"{name.DistInfo}/{s}"))
                throw new WheelArchiveException(wheelPath, path, "is in the archive but not listed in RECORD");

        var entries = files
            .Where(f => f.Key != recordPath && !Signatures.Any(s => f.Key == $"{name.DistInfo}/{s}"))
            .Select(f => new WheelEntry(f.Key, f.Value.Content, f.Value.Executable || ElfReader.IsElfMagic(f.Value.Content)))
            .ToList();
        return new WheelContents(name, entries);
    }
}
