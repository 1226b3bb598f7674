using DockerBuild.Tools.Cipd;
using DockerBuild.Tools.Engine;
using DockerBuild.Tools.Pip;

namespace DockerBuild.Context;

/// <summary>
/// One run's shared things, made once by the build and handed to every step: the checkout and state directory, the
/// output, the package store, the engine connection, the package index, and the state directory's lock. Each is made
/// on first use, so a target that needs no engine never connects to one. What the run works on (the selection) is
/// data, and is handed to the steps beside it.
/// </summary>
public sealed class BuildContext : IDisposable
{
    /// <summary>The checkout: platforms/, wheels/ and the build live under it.</summary>
    public required string RootDirectory { get; init; }

    /// <summary>The absolute state directory (<c>--state-dir</c>).</summary>
    public required string StateDirectory { get; init; }

    /// <summary><c>--cipd-service</c>: the service reached through the cipd CLI; null or empty for the local store.</summary>
    public string? CipdService { get; init; }

    /// <summary><c>--index-url</c> as given; see <see cref="IndexUrl"/>.</summary>
    public string? GivenIndexUrl { get; init; }

    /// <summary>Values never to print, e.g. in the lock's owner line another run shows while it waits.</summary>
    public IReadOnlyList<string?> Secrets { get; init; } = [];

    /// <summary>Makes the output on first use, after a build that runs Run has moved its own output to stderr.</summary>
    public Func<BuildOutput> OutputFactory { get; init; } = () => BuildOutput.ForProcess(interactive: false);

    public BuildOutput Output => _output ??= OutputFactory();
    private BuildOutput? _output;

    /// <summary>The local store under the state directory, or the service through the cipd CLI.</summary>
    public ICipdRepository Store => _store ??= CipdRepositories.Create(StateDirectory, CipdService);
    private ICipdRepository? _store;

    /// <summary>The run's one engine connection, to the engine named by DOCKER_HOST (the local socket by default).</summary>
    public ContainerEngine Engine => _engine ??= ContainerEngine.FromEnvironment();
    private ContainerEngine? _engine;

    /// <summary>The package index for pypi sources and published wheels: --index-url, else pip's own configuration.</summary>
    public string? IndexUrl => (_indexUrl ??= new(() => GivenIndexUrl ?? PipIndexConfiguration.FromHost().Find()?.Url)).Value;
    private Lazy<string?>? _indexUrl;

    public string LogsDirectory => Path.Combine(StateDirectory, "logs");

    private IDisposable? _stateLock;
    private readonly List<Task> _unfinished = [];
    private readonly List<Task> _preparations = [];

    /// <summary>Takes the state directory for this run, waiting (and saying for whom) while another run holds it.</summary>
    public async Task LockStateDirectoryAsync(CancellationToken cancellationToken)
    {
        _stateLock ??= await StateDirectoryLock.AcquireAsync(StateDirectory, Output.Lines, Secrets, cancellationToken);
    }

    /// <summary>Lets other runs use the state directory (Run does this before a long command of the user's).</summary>
    public void UnlockStateDirectory()
    {
        _stateLock?.Dispose();
        _stateLock = null;
    }

    /// <summary>
    /// Work that must end before the process does, even when Ctrl-C ends the build without waiting for its target: a
    /// container Run removes on cancellation, a verification root a later step awaits.
    /// </summary>
    public void MustFinish(Task work)
    {
        lock (_unfinished) _unfinished.Add(work);
    }

    /// <summary>Waits for every <see cref="MustFinish"/> task; their failures were reported by whoever awaited them.</summary>
    public Task UnfinishedWorkAsync()
    {
        lock (_unfinished) return Task.WhenAll(_unfinished).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    /// <summary>
    /// Work one step starts early for a later one (GenerateImage prepares the roots BuildWheel verifies in, since they
    /// need the network while the images need the processor); the later step awaits <see cref="PreparationsAsync"/>.
    /// </summary>
    public void Prepare(Task work)
    {
        lock (_preparations) _preparations.Add(work);
    }

    /// <summary>Waits for every <see cref="Prepare"/> task; the steps that needed them reported their failures.</summary>
    public Task PreparationsAsync()
    {
        lock (_preparations) return Task.WhenAll(_preparations).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    public void Dispose()
    {
        try
        {
            UnfinishedWorkAsync().Wait(TimeSpan.FromSeconds(60));
        }
        finally
        {
            UnlockStateDirectory();
            _engine?.Dispose();
        }
    }
}
