using System.Formats.Tar;
using DockerBuild.Tools.Engine;
using DockerBuild.Sources.Packing;

namespace DockerBuild.Builds.Containers;

/// <summary>
/// A container without network in which one shell command runs: inputs are copied in and results copied out through
/// the engine's archive API (no bind mounts, so a remote engine works the same), its output goes line by line to
/// the pair's log, and it is removed when disposed.
/// </summary>
public sealed class IsolatedContainer : IAsyncDisposable
{
    private readonly ContainerSession _session;

    private IsolatedContainer(ContainerSession session) => _session = session;

    public string Id => _session.Id;
    public string Image => _session.Spec.Image;

    /// <summary>Marks every container BuildWheel creates.</summary>
    public const string StepLabel = "org.dockerbuild.step";

    /// <summary>
    /// The state directory of the run that created the container: a later run holding that directory's lock knows
    /// such a container is an orphan of a killed run (see <see cref="AbandonedContainers"/>).
    /// </summary>
    public const string StateDirectoryLabel = "org.dockerbuild.state-dir";

    /// <summary>Creates (does not start) a container of <paramref name="image"/> that will run <paramref name="command"/> with sh -c.</summary>
    /// <param name="stateDirectory">The run's state directory, recorded as a label so an orphan can be found; null for none.</param>
    public static async Task<IsolatedContainer> CreateAsync(ContainerEngine engine, string image, IReadOnlyList<string> environment, string command,
        CancellationToken cancellationToken, string? platform = null, string? stateDirectory = null, bool stdin = false)
    {
        var labels = new Dictionary<string, string> { [StepLabel] = "BuildWheel" };
        if (stateDirectory is not null) labels[StateDirectoryLabel] = Path.GetFullPath(stateDirectory);
        return new IsolatedContainer(await engine.Containers.CreateAsync(new ContainerSpec
        {
            Image = image,
            Platform = platform,
            Entrypoint = ["/bin/sh", "-c"],
            Command = [command],
            Env = environment,
            User = "0:0",
            WorkingDirectory = "/",
            Labels = labels,
            // Hermetic: nothing a build or a test does can reach the network.
            NoNetwork = true,
            Stdin = stdin,
        }, cancellationToken));
    }

    /// <summary>Copies a host directory's tree into the container as <paramref name="containerDirectory"/> (absolute).</summary>
    public Task CopyDirectoryInAsync(string hostDirectory, string containerDirectory, CancellationToken cancellationToken) =>
        CopyInAsync([ContainerCopy.Tree(hostDirectory, containerDirectory)], cancellationToken);

    /// <summary>Copies single files into <paramref name="containerDirectory"/> (created when missing).</summary>
    public Task CopyFilesInAsync(IReadOnlyList<(string Name, byte[] Content)> files, string containerDirectory, CancellationToken cancellationToken) =>
        CopyInAsync([ContainerCopy.FilesIn(containerDirectory, files)], cancellationToken);

    /// <summary>
    /// Copies trees and files into the container in one archive: each copy is a request the engine unpacks into the
    /// container's filesystem, a fixed cost every pair pays once per copy.
    /// </summary>
    public async Task CopyInAsync(IReadOnlyList<ContainerCopy> copies, CancellationToken cancellationToken)
    {
        // A source tree can be large: the archive goes through a temporary file, not memory.
        await using var tar = new FileStream(Path.Combine(Path.GetTempPath(), $"dockerbuild-copy-{Guid.NewGuid():N}.tar"), FileMode.CreateNew,
            FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        await using (var writer = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true))
        {
            var directories = new HashSet<string>(StringComparer.Ordinal);
            foreach (var copy in copies)
            {
                var prefix = copy.ContainerDirectory.Trim('/');
                var parts = prefix.Split('/');
                for (var i = 1; i <= parts.Length; i++)
                {
                    var directory = string.Join('/', parts[..i]) + "/";
                    if (!directories.Add(directory)) continue;
                    var entry = Directory(directory);
                    if (i == parts.Length && copy.PrivateTo is { } owner)
                        (entry.Uid, entry.Gid, entry.Mode) = (owner, owner, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
                    await writer.WriteEntryAsync(entry, cancellationToken);
                }
                if (copy.HostDirectory is { } tree)
                    DeterministicTarWriter.AddTree(writer, tree, prefix + "/", timestamp: null, cancellationToken: cancellationToken);
                foreach (var (name, content) in copy.Files)
                {
                    var entry = new PaxTarEntry(TarEntryType.RegularFile, $"{prefix}/{name}") { Mode = (UnixFileMode)0b110_100_100, DataStream = new MemoryStream(content) };
                    await writer.WriteEntryAsync(entry, cancellationToken);
                }
            }
        }
        tar.Position = 0;
        await _session.CopyInAsync(tar, cancellationToken);
    }

    /// <summary>Starts the container, streams its output into <paramref name="log"/> and returns the exit code.</summary>
    public async Task<long> RunAsync(PairLog log, CancellationToken cancellationToken)
    {
        await using var stdout = new ContainerOutputLines(log.WriteBlock);
        await using var stderr = new ContainerOutputLines(log.WriteBlock);
        return await _session.RunAsync(new ContainerStreams(stdout, stderr), cancellationToken);
    }

    /// <summary>Starts the container with its own streams (a long-lived one fed commands on stdin) and returns its exit code.</summary>
    public Task<long> RunAsync(ContainerStreams streams, CancellationToken cancellationToken) => _session.RunAsync(streams, cancellationToken);

    /// <summary>The regular files under a container directory, by path relative to it.</summary>
    public async Task<IReadOnlyList<(string Name, byte[] Content)>> ReadFilesAsync(string containerDirectory, CancellationToken cancellationToken)
    {
        await using var archive = await _session.CopyOutAsync(containerDirectory, cancellationToken)
            ?? throw new DirectoryNotFoundException($"{containerDirectory} does not exist in container {Id} ({Image})");
        var files = new List<(string, byte[])>();
        await using var reader = new TarReader(archive);
        while (await reader.GetNextEntryAsync(copyData: false, cancellationToken) is { } entry)
        {
            if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile) || entry.DataStream is null) continue;
            using var content = new MemoryStream();
            await entry.DataStream.CopyToAsync(content, cancellationToken);
            var name = entry.Name.Contains('/') ? entry.Name[(entry.Name.IndexOf('/') + 1)..] : entry.Name;
            files.Add((name, content.ToArray()));
        }
        return files;
    }

    /// <summary>
    /// One file's bytes, following symbolic links inside the container (libz.so.1 → libz.so.1.2.13); null when absent.
    /// </summary>
    public async Task<byte[]?> ReadFileFollowingLinksAsync(string path, CancellationToken cancellationToken)
    {
        for (var hop = 0; hop < 8; hop++)
        {
            await using var archive = await _session.CopyOutAsync(path, cancellationToken);
            if (archive is null) return null;
            await using var reader = new TarReader(archive);
            var entry = await reader.GetNextEntryAsync(copyData: false, cancellationToken);
            if (entry is null) return null;
            if (entry.EntryType == TarEntryType.SymbolicLink)
            {
                path = entry.LinkName.StartsWith('/') ? entry.LinkName : $"{Path.GetDirectoryName(path)}/{entry.LinkName}";
                continue;
            }
            if (entry.DataStream is null) return null;
            using var content = new MemoryStream();
            await entry.DataStream.CopyToAsync(content, cancellationToken);
            return content.ToArray();
        }
        throw new InvalidOperationException($"{path} in {Image}: more than 8 symbolic links in a row");
    }

    public ValueTask DisposeAsync() => _session.DisposeAsync();

    private static PaxTarEntry Directory(string name) => new(TarEntryType.Directory, name) { Mode = (UnixFileMode)0b111_101_101 };
}

/// <summary>What a copy puts into a container: a host directory's tree, or single files, under an absolute container directory.</summary>
public sealed record ContainerCopy(string ContainerDirectory, string? HostDirectory, IReadOnlyList<(string Name, byte[] Content)> Files)
{
    /// <summary>When set, the directory itself belongs to this uid and gid, and only they may enter it (mode 0700).</summary>
    public int? PrivateTo { get; init; }

    /// <summary>An empty directory only <paramref name="owner"/> may use, made by the copy rather than by a command in the container.</summary>
    public static ContainerCopy PrivateDirectory(string containerDirectory, int owner) => new(containerDirectory, null, []) { PrivateTo = owner };

    public static ContainerCopy Tree(string hostDirectory, string containerDirectory) => new(containerDirectory, hostDirectory, []);
    public static ContainerCopy FilesIn(string containerDirectory, IReadOnlyList<(string Name, byte[] Content)> files) => new(containerDirectory, null, files);
}
