using System.Formats.Tar;
using System.IO.Compression;

namespace DockerBuild.Sources.Packing;

/// <summary>
/// Reads source archives (.tar, .tar.gz/.tgz, .zip) safely: every entry is checked before anything is written,
/// and an entry that would land outside the destination (<c>../</c>, absolute, escaping link, device) is refused.
/// </summary>
public static class SourceArchive
{
    /// <summary>Whether the file name is a format this reader understands.</summary>
    public static bool IsReadable(string fileName)
    {
        var name = fileName.ToLowerInvariant();
        return name.EndsWith(".tar") || name.EndsWith(".tar.gz") || name.EndsWith(".tgz") || name.EndsWith(".zip");
    }

    /// <summary>Throws <see cref="HostileArchiveException"/> when any entry would leave the tree; writes nothing.</summary>
    public static Task VerifyAsync(string archiveFile, CancellationToken cancellationToken = default)
        => WalkAsync(archiveFile, destination: null, cancellationToken);

    /// <summary>Verifies every entry, then extracts into <paramref name="destinationDirectory"/> (modes normalised).</summary>
    public static async Task ExtractAsync(string archiveFile, string destinationDirectory, CancellationToken cancellationToken = default)
    {
        await WalkAsync(archiveFile, destination: null, cancellationToken);
        Directory.CreateDirectory(destinationDirectory);
        await WalkAsync(archiveFile, Path.GetFullPath(destinationDirectory), cancellationToken);
    }

    private static async Task WalkAsync(string archiveFile, string? destination, CancellationToken cancellationToken)
    {
        var name = archiveFile.ToLowerInvariant();
        if (name.EndsWith(".zip")) { WalkZip(archiveFile, destination); return; }
        if (!IsReadable(archiveFile))
            throw new NotSupportedException($"cannot read '{archiveFile}': only .tar, .tar.gz, .tgz and .zip archives are supported");
        await using var file = File.OpenRead(archiveFile);
        await using Stream stream = name.EndsWith(".tar") ? file : new GZipStream(file, CompressionMode.Decompress);
        await using var reader = new TarReader(stream);
        while (await reader.GetNextEntryAsync(copyData: false, cancellationToken) is { } entry)
        {
            if (entry.EntryType is TarEntryType.GlobalExtendedAttributes or TarEntryType.ExtendedAttributes
                or TarEntryType.LongLink or TarEntryType.LongPath) continue;
            if (entry.EntryType == TarEntryType.Directory && ArchivePathGuard.NamesRoot(entry.Name)) continue;
            var path = ArchivePathGuard.CheckEntryPath(archiveFile, entry.Name);
            switch (entry.EntryType)
            {
                case TarEntryType.SymbolicLink:
                    ArchivePathGuard.CheckSymbolicLink(archiveFile, path, entry.LinkName);
                    if (destination is not null) CreateSymbolicLink(destination, path, entry.LinkName);
                    break;
                case TarEntryType.HardLink:
                    var linked = ArchivePathGuard.CheckHardLink(archiveFile, path, entry.LinkName);
                    if (destination is not null) File.Copy(Target(destination, linked), Target(destination, path), overwrite: true);
                    break;
                case TarEntryType.Directory:
                    if (destination is not null) Directory.CreateDirectory(Target(destination, path));
                    break;
                case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                    if (destination is not null)
                    {
                        var executable = ((int)entry.Mode & 0b001_001_001) != 0;
                        await WriteFileAsync(Target(destination, path), entry.DataStream, executable, cancellationToken);
                    }
                    break;
                default:
                    throw new HostileArchiveException(archiveFile, entry.Name, $"is a {entry.EntryType} entry, which a source archive has no use for");
            }
        }
    }

    private static void WalkZip(string archiveFile, string? destination)
    {
        using var zip = ZipFile.OpenRead(archiveFile);
        foreach (var entry in zip.Entries)
        {
            if (entry.FullName.EndsWith('/') && ArchivePathGuard.NamesRoot(entry.FullName)) continue;
            var path = ArchivePathGuard.CheckEntryPath(archiveFile, entry.FullName);
            var unixType = (entry.ExternalAttributes >> 16) & 0xF000;
            if (unixType == 0xA000)
            {
                using var reader = new StreamReader(entry.Open());
                var target = reader.ReadToEnd();
                ArchivePathGuard.CheckSymbolicLink(archiveFile, path, target);
                if (destination is not null) CreateSymbolicLink(destination, path, target);
                continue;
            }
            if (destination is null) continue;
            if (entry.FullName.EndsWith('/')) { Directory.CreateDirectory(Target(destination, path)); continue; }
            var executable = ((entry.ExternalAttributes >> 16) & 0b001_001_001) != 0;
            using var data = entry.Open();
            WriteFileAsync(Target(destination, path), data, executable, CancellationToken.None).GetAwaiter().GetResult();
        }
    }

    private static string Target(string destination, string relativePath)
    {
        var full = Path.GetFullPath(Path.Combine(destination, relativePath));
        // The guard already refused '..'; this also catches a parent that an earlier entry made a link leading out.
        if (!IsInside(PhysicalPath(destination), PhysicalPath(Path.GetDirectoryName(full)!)))
            throw new HostileArchiveException(destination, relativePath, "would be written through a link that leads out of the tree");
        return full;
    }

    /// <summary>The path with every existing link along it resolved, from the root down.</summary>
    private static string PhysicalPath(string path)
    {
        var full = Path.GetFullPath(path);
        var current = Path.GetPathRoot(full)!;
        foreach (var part in full[current.Length..].Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var next = Path.Combine(current, part);
            var info = new FileInfo(next);
            // A link loop makes ResolveLinkTarget throw, which refuses the archive as well.
            current = info.LinkTarget is not null && info.ResolveLinkTarget(returnFinalTarget: true) is { } target
                ? PhysicalPath(target.FullName)
                : next;
        }
        return current;
    }

    private static bool IsInside(string root, string path)
        => path == root || path.StartsWith(root.EndsWith('/') ? root : root + "/", StringComparison.Ordinal);

    private static void CreateSymbolicLink(string destination, string path, string target)
    {
        var link = Target(destination, path);
        Directory.CreateDirectory(Path.GetDirectoryName(link)!);
        if (File.Exists(link) || Directory.Exists(link)) File.Delete(link);
        File.CreateSymbolicLink(link, target);
    }

    private static async Task WriteFileAsync(string path, Stream? data, bool executable, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await using (var output = new FileStream(path, FileMode.Create, FileAccess.Write))
        {
            if (data is not null) await data.CopyToAsync(output, cancellationToken);
        }
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(path, executable
                ? (UnixFileMode)0b111_101_101
                : (UnixFileMode)0b110_100_100);
    }
}
