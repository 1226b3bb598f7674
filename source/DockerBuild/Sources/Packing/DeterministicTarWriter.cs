using DockerBuild.Tools.IO;
using System.Formats.Tar;

namespace DockerBuild.Sources.Packing;

/// <summary>
/// Packs a directory tree into a tar that depends only on the tree's content: entries sorted by path, one fixed
/// mtime, owner 0:0 without names, modes normalised to 0755/0644. The same tree anywhere gives the same bytes.
/// The one tree-to-tar writer: source packages, image build contexts and copies into build containers use it.
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
        await using var output = AtomicFile.Create(outputFile);
        await using (var writer = new TarWriter(output.Stream, TarEntryFormat.Gnu, leaveOpen: true))
            AddTree(writer, sourceDirectory, "", timestamp, excludedNames, cancellationToken);
        await output.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// Adds the tree under <paramref name="sourceDirectory"/> (not the directory itself) to <paramref name="writer"/>,
    /// each entry named <paramref name="prefix"/> + its relative path, in the writer's format. The same ordering,
    /// owners, modes and link checks as <see cref="PackDirectoryAsync"/>; <paramref name="timestamp"/> null leaves each
    /// entry the time it is written (a copy into a container, where no bytes are kept).
    /// </summary>
    public static void AddTree(TarWriter writer, string sourceDirectory, string prefix, DateTimeOffset? timestamp,
        IReadOnlySet<string>? excludedNames = null, CancellationToken cancellationToken = default)
    {
        var root = new DirectoryInfo(Path.GetFullPath(sourceDirectory));
        if (!root.Exists) throw new DirectoryNotFoundException($"cannot pack '{sourceDirectory}': the directory does not exist");
        var entries = new List<(string Path, FileSystemInfo Info)>();
        Collect(root, "", excludedNames ?? new HashSet<string>(), entries, root.FullName);
        entries.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        foreach (var (path, info) in entries)
        {
            cancellationToken.ThrowIfCancellationRequested();
            WriteEntry(writer, prefix + path, info, timestamp);
        }
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

    private static void WriteEntry(TarWriter writer, string path, FileSystemInfo info, DateTimeOffset? timestamp)
    {
        var link = info.LinkTarget?.Replace('\\', '/');
        var type = link is not null ? TarEntryType.SymbolicLink : info is DirectoryInfo ? TarEntryType.Directory : TarEntryType.RegularFile;
        var mode = type != TarEntryType.RegularFile || (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(info.FullName) & AnyExecute) != 0)
            ? Executable : Regular;
        PosixTarEntry entry = writer.Format == TarEntryFormat.Gnu ? new GnuTarEntry(type, path) : new PaxTarEntry(type, path);
        entry.Mode = mode;
        if (link is not null) entry.LinkName = link;
        if (timestamp is { } time)
        {
            entry.ModificationTime = time;
            if (entry is GnuTarEntry gnu)
            {
                gnu.AccessTime = time;
                gnu.ChangeTime = time;
            }
        }
        entry.Uid = 0;
        entry.Gid = 0;
        entry.UserName = "";
        entry.GroupName = "";
        if (type != TarEntryType.RegularFile)
        {
            writer.WriteEntry(entry);
            return;
        }
        using var data = new FileStream(info.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        entry.DataStream = data;
        writer.WriteEntry(entry);
    }
}
