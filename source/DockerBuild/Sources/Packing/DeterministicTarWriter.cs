using DockerBuild.Tools.IO;
using System.Formats.Tar;

namespace DockerBuild.Sources.Packing;

/// <summary>
/// Packs a directory tree into a tar that depends only on the tree's content: entries sorted by path, one fixed
/// mtime, owner 0:0 without names, modes normalised to 0755/0644. The same tree anywhere gives the same bytes.
/// </summary>
public static class DeterministicTarWriter
{
    /// <summary>The mtime used when the source has no time of its own (a local directory): 1980-01-01, the zip epoch.</summary>
    public static readonly DateTimeOffset DefaultTimestamp = new(1980, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private const UnixFileMode Executable = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;
    private const UnixFileMode Regular = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
    private const UnixFileMode AnyExecute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    /// <summary>Writes the tar of <paramref name="sourceDirectory"/> to <paramref name="outputFile"/> atomically.</summary>
    /// <param name="excludedNames">File or directory names left out wherever they occur (e.g. <c>.git</c>).</param>
    public static async Task PackDirectoryAsync(string sourceDirectory, string outputFile, DateTimeOffset timestamp,
        IReadOnlySet<string>? excludedNames = null, CancellationToken cancellationToken = default)
    {
        var root = new DirectoryInfo(Path.GetFullPath(sourceDirectory));
        if (!root.Exists) throw new DirectoryNotFoundException($"cannot pack '{sourceDirectory}': the directory does not exist");
        var entries = new List<(string Path, FileSystemInfo Info)>();
        Collect(root, "", excludedNames ?? new HashSet<string>(), entries, root.FullName);
        entries.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));

        await using var output = AtomicFile.Create(outputFile);
        await using (var writer = new TarWriter(output.Stream, TarEntryFormat.Gnu, leaveOpen: true))
        {
            foreach (var (path, info) in entries)
                await WriteEntryAsync(writer, path, info, timestamp, cancellationToken);
        }
        await output.CommitAsync(cancellationToken);
    }

    private static void Collect(DirectoryInfo directory, string prefix, IReadOnlySet<string> excluded, List<(string, FileSystemInfo)> into, string rootPath)
    {
        foreach (var info in directory.EnumerateFileSystemInfos())
        {
            if (excluded.Contains(info.Name)) continue;
            var path = prefix + info.Name;
            if (info.LinkTarget is { } target)
            {
                ArchivePathGuard.CheckSymbolicLink(rootPath, path, target);
                into.Add((path, info));
            }
            else if (info is DirectoryInfo sub)
            {
                into.Add((path + "/", info));
                Collect(sub, path + "/", excluded, into, rootPath);
            }
            else into.Add((path, info));
        }
    }

    private static async Task WriteEntryAsync(TarWriter writer, string path, FileSystemInfo info, DateTimeOffset timestamp, CancellationToken cancellationToken)
    {
        GnuTarEntry entry;
        if (info.LinkTarget is { } target)
            entry = new GnuTarEntry(TarEntryType.SymbolicLink, path) { LinkName = target.Replace('\\', '/'), Mode = Executable };
        else if (info is DirectoryInfo)
            entry = new GnuTarEntry(TarEntryType.Directory, path) { Mode = Executable };
        else
        {
            var executable = !OperatingSystem.IsWindows() && (File.GetUnixFileMode(info.FullName) & AnyExecute) != 0;
            entry = new GnuTarEntry(TarEntryType.RegularFile, path) { Mode = executable ? Executable : Regular };
        }
        entry.ModificationTime = timestamp;
        entry.AccessTime = timestamp;
        entry.ChangeTime = timestamp;
        entry.Uid = 0;
        entry.Gid = 0;
        entry.UserName = "";
        entry.GroupName = "";
        if (entry.EntryType == TarEntryType.RegularFile)
        {
            await using var data = new FileStream(info.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
            entry.DataStream = data;
            await writer.WriteEntryAsync(entry, cancellationToken);
        }
        else await writer.WriteEntryAsync(entry, cancellationToken);
    }
}
