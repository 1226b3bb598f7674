using DockerBuild.Selection;
using DockerBuild.Builds;
using DockerBuild.Ci;
using DockerBuild.Graph.Planning;
using DockerBuild.Images;
using DockerBuild.Mirror;
using DockerBuild.Prerequisites;
using DockerBuild.Run;
using Spectre.Console;
using DockerBuild.Sources;
using DockerBuild.StoreCare;
using DockerBuild.Sources.Downloads;
using DockerBuild.Testing;
using DockerBuild.Tools.Cipd;
using DockerBuild.Tools.Cipd.Inspection;
using DockerBuild.Tools.Engine;
using DockerBuild.Uploads;

namespace DockerBuild.Lifecycle;

/// <summary>
/// The body of each build target: composes the domain's steps for the selected platforms and wheels.
/// Build.cs calls exactly one method per target.
/// </summary>
public sealed class BuildLifecycle(LifecycleSettings settings) : IDisposable
{
    public LifecycleSettings Settings { get; } = settings;

    /// <summary>Where steps write progress and results (made on first use, after a Run has claimed stdout).</summary>
    public IAnsiConsole Console => _console ??= BuildConsole.Create(Settings.IsInteractive);
    private IAnsiConsole? _console;
    private TextWriter? _standardOutputBeforeRun;
    private Task? _run;

    /// <summary>The local store under the state directory, or the service through the cipd CLI.</summary>
    public ICipdRepository Store => _store ??= CipdRepositories.Create(Settings.StateDirectory, Settings.CipdService);
    private ICipdRepository? _store;

    private IDisposable? _stateLock;

    /// <summary>
    /// Validates everything a run will need before its first target (selection, Run's request, CIPD package clashes
    /// and version tags for Upload), then takes the state directory.
    /// </summary>
    public void BeginRun(IReadOnlyList<string>? runCommand, bool uploads, CancellationToken cancellationToken)
    {
        _ = Selection;
        if (runCommand is not null)
        {
            CheckRunRequest(runCommand);
            ReserveStandardOutputForRun();
        }
        if (uploads)
        {
            PackageClashes.Check(Selection.PartitionPairs);
            VersionTags.Check(Selection.PartitionPairs);
        }
        LockStateDirectory(cancellationToken);
    }

    /// <summary>
    /// Takes the state directory for this run (waiting while another run holds it), then removes what a killed run
    /// left half-written there.
    /// </summary>
    public void LockStateDirectory(CancellationToken cancellationToken)
    {
        if (_stateLock is not null) return;
        _stateLock = StateDirectoryLock.AcquireAsync(Settings.StateDirectory, System.Console.Out,
            [Settings.RegistryPassword, Settings.GitHubToken], cancellationToken).GetAwaiter().GetResult();
        var removed = AbandonedFileSweep.RunAsync(Settings.StateDirectory, Store, cancellationToken).GetAwaiter().GetResult();
        if (removed > 0)
            System.Console.Out.WriteLine($"Removed {removed} unfinished file(s) or scratch folder(s) an interrupted run left in {Settings.StateDirectory}.");
    }

    /// <summary>Lets other runs use the state directory (Run does this before a long command of the user's).</summary>
    public void UnlockStateDirectory()
    {
        _stateLock?.Dispose();
        _stateLock = null;
    }

    /// <summary>
    /// A build that runs Run says everything of its own (banners, progress, summary, warnings) on stderr, so stdout
    /// carries only the command's output: <c>./build.sh Run … -- cat data &gt; copy</c> copies exactly, and nothing
    /// is printed over a command that has the terminal.
    /// </summary>
    private void ReserveStandardOutputForRun()
    {
        Graph.Log.MoveToErrorOutput();
        _standardOutputBeforeRun ??= System.Console.Out;
        System.Console.SetOut(System.Console.Error);
    }

    public void Dispose()
    {
        WaitForRunCleanup();
        UnlockStateDirectory();
        _engine?.Dispose();
        if (_standardOutputBeforeRun is { } standardOutput)
            System.Console.SetOut(standardOutput);
    }

    /// <summary>The run's one engine connection, to the engine named by DOCKER_HOST (the local socket by default).</summary>
    public ContainerEngine Engine => _engine ??= ContainerEngine.FromEnvironment();
    private ContainerEngine? _engine;

    /// <summary>The selected platforms, wheels and pairs; loading validates platforms/ and wheels/.</summary>
    public BuildSelection Selection => _selection ??= BuildSelection.Load(new SelectionRequest
    {
        RootDirectory = Settings.RootDirectory, Platforms = Settings.Platforms, Wheels = Settings.Wheels,
        Partition = Settings.Partition, PinSources = Settings.PinSources,
    }, packageIndexConfigured: IndexUrl is not null);

    /// <summary>The package index for pypi sources and published wheels: --index-url, else pip's own configuration.</summary>
    public string? IndexUrl => Settings.IndexUrl ?? Tools.Pip.PipIndexConfiguration.FromHost().Find()?.Url;
    private BuildSelection? _selection;

    /// <summary>The host programs the planned targets start (<see cref="PlannedHostTools"/>) and, when the plan starts
    /// containers, the Docker engine and QEMU for the selected platforms' architectures; with <paramref name="forTests"/>
    /// also the host packages the test suite lists.</summary>
    /// <param name="plannedTargets">The names of the targets in the execution plan.</param>
    public Task PrerequisitesAsync(IReadOnlyCollection<string> plannedTargets, bool forTests, CancellationToken cancellationToken) =>
        HostPrerequisites.EnsureAsync(Settings.StateDirectory, Selection.LinuxPlatforms,
            PlannedHostTools.For(plannedTargets, Selection, Settings.CipdService), Engine, Console, cancellationToken,
            forTests ? Path.Combine(Settings.RootDirectory, "source", "DockerBuild.Tests", "host-packages.txt") : null,
            usesEngine: PlannedHostTools.UsesEngine(plannedTargets));

    /// <summary>Copies image-based platforms' upstream bases into --registry; Debian-based ones need none.</summary>
    public Task MirrorAsync(CancellationToken cancellationToken) =>
        BaseImageMirror.RunAsync(new MirrorSettings
        {
            StateDir = Settings.StateDirectory,
            Registry = Settings.Registry,
            UpstreamRegistry = Settings.UpstreamRegistry,
            Upload = Settings.Upload,
            RegistryUser = Settings.RegistryUser,
            RegistryPassword = Settings.RegistryPassword,
        }, Selection.LinuxPlatforms, Engine, Console, cancellationToken);

    /// <summary>Warnings that belong at the end of the run (after the summary), e.g. sources not yet interned.</summary>
    public IReadOnlyList<string> DeferredWarnings => _deferredWarnings;
    private readonly List<string> _deferredWarnings = [];

    /// <summary>The Sources step: fetch, verify and (with --upload-sources) intern each selected wheel's source.</summary>
    public async Task SourcesAsync(CancellationToken cancellationToken)
    {
        var sources = Selection.Sources;
        if (sources.Count == 0)
        {
            Console.WriteLine("No selected wheel declares a source.");
            return;
        }
        var report = await SourceInterning.RunAsync(sources, SourcesSettings, Store, cancellationToken);
        foreach (var reused in report.Sources.Where(e => e.State == SourceInternState.AlreadyInterned))
            Console.WriteLine($"  {reused.Name} {reused.Version}: already interned as {reused.Pin}");
        if (report.Warning is { } warning) _deferredWarnings.Add(warning);
    }

    /// <summary>How sources are fetched, verified and interned.</summary>
    private SourcesSettings SourcesSettings => new()
    {
        StateDirectory = Settings.StateDirectory,
        RootDirectory = Settings.RootDirectory,
        UploadSources = Settings.UploadSources,
        IndexUrl = Settings.IndexUrl,
        GitHubToken = Settings.GitHubToken,
        Progress = new LineDownloadProgress(System.Console.Out),
        Log = System.Console.Out,
    };

    /// <summary>How images are keyed, found and built.</summary>
    public ImageSettings ImageSettings => new()
    {
        StateDirectory = Settings.StateDirectory,
        Registry = Settings.Registry,
        RegistryLogin = RegistryLogin.From(Settings.RegistryUser, Settings.RegistryPassword),
        Rebuild = Settings.Rebuild,
        // --upload also registers wheels in the store; without a registry the images simply stay local (said below).
        Upload = Settings.Upload && !string.IsNullOrEmpty(Settings.Registry),
        DebianMirror = Settings.DebianMirror,
        DebianSnapshotMirror = Settings.DebianSnapshotMirror,
        Output = System.Console.Out,
    };

    /// <summary>
    /// The toolchain image of each selected Linux platform: reused by content key, pulled, or built. When BuildWheel
    /// follows, the roots its pairs verify in are prepared meanwhile (they need the network, the images the processor).
    /// </summary>
    public Task GenerateImageAsync(bool verifiesWheels, CancellationToken cancellationToken)
    {
        if (Settings.Upload && string.IsNullOrEmpty(Settings.Registry))
            Console.WriteLine("Images stay in the local engine: --upload pushes them only when --registry is given.");
        if (verifiesWheels)
            _verificationRoots.AddRange(Selection.PartitionPairs.Select(p => p.Platform).Where(p => p.Kind == Platforms.PlatformKind.Linux && p.Base?.Debian is not null)
                .Select(PairBuild.TargetFor).Distinct().Select(target => WheelVerification.PrepareAsync(target, ImageSettings, Engine, cancellationToken)));
        return ImageGeneration.RunAsync(Selection.LinuxPlatforms, ImageSettings, Engine, cancellationToken);
    }

    private readonly List<Task<string>> _verificationRoots = [];

    /// <summary>Builds, repairs, verifies and stores every selected pair; fails the target when any pair failed (the others are kept).</summary>
    public async Task BuildWheelAsync(CancellationToken cancellationToken)
    {
        try
        {
            await BuildWheelsAsync(cancellationToken);
        }
        finally
        {
            // Roots started during GenerateImage finish (or fail, which the pairs that needed them reported) before the run ends.
            await Task.WhenAll(_verificationRoots).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    private async Task BuildWheelsAsync(CancellationToken cancellationToken)
    {
        var report = await WheelBuilds.RunAsync(Selection, new WheelBuildSettings
        {
            StateDirectory = Settings.StateDirectory,
            RootDirectory = Settings.RootDirectory,
            Images = ImageSettings,
            Jobs = Settings.Jobs,
            Rebuild = Settings.Rebuild,
            UploadSources = Settings.UploadSources,
            IndexUrl = IndexUrl,
            FindLinks = Settings.FindLinks.Select(l => l.Contains("://", StringComparison.Ordinal) ? l : Path.GetFullPath(l)).ToList(),
        }, Store, Console, Engine, cancellationToken);
        if (Selection.SkippedPublishedWarning is { } skipped) _deferredWarnings.Add(skipped);
        if (!report.Succeeded) throw new WheelBuildFailedException(report);
        if (report.Pairs.Any(p => p.Output is not null))
        {
            var wheels = Path.Combine(Settings.StateDirectory, "wheels");
            Console.WriteLine($"Wheels are in {wheels}/<platform>/. Install one on its platform with: pip install <file>.whl");
            Console.WriteLine($"To serve them all as a pip index: ./build.sh Upload --upload, then pip install --index-url file://{Path.Combine(Settings.StateDirectory, "index", "simple")} <name>");
        }
    }

    /// <summary>The Upload step: register this partition's built wheels (dry run without --upload), rewrite the index, attach to --github-release.</summary>
    public Task UploadAsync(CancellationToken cancellationToken) =>
        UploadStep.RunAsync(Selection.PartitionPairs, new UploadStepSettings
        {
            StateDirectory = Settings.StateDirectory,
            Upload = Settings.Upload,
            GitHubRelease = Settings.GitHubRelease,
            GitHubReleaseReplace = Settings.GitHubReleaseReplace,
            GitHubToken = Settings.GitHubToken,
            Log = System.Console.Out,
        }, Store, cancellationToken);

    /// <summary>Rewrites .github/workflows/wheels.yml from the build's target graph and the default platforms.</summary>
    public async Task GenerateWorkflowAsync(IReadOnlyList<PlanNode> graph, CancellationToken cancellationToken)
    {
        var settings = new WorkflowSettings();
        var changed = await WorkflowGenerator.RegenerateAsync(Settings.RootDirectory, graph, settings, cancellationToken);
        Console.WriteLine($"{settings.RelativePath}: {(changed ? "regenerated" : "already up to date")}");
    }

    /// <summary>
    /// Checks Run's request (one platform, a command) up front: called when the plan holds Run, before Prerequisites,
    /// Sources and GenerateImage spend minutes on an invocation that cannot succeed.
    /// </summary>
    public void CheckRunRequest(IReadOnlyList<string> command) => PlatformRun.CheckRequest(Selection.Platforms, command);

    /// <summary>
    /// Runs <paramref name="command"/> in the one selected platform's image, attached to this process's stdin, stdout
    /// and stderr (a TTY when they are a terminal); returns its exit code.
    /// </summary>
    public Task<int> RunAsync(IReadOnlyList<string> command, CancellationToken cancellationToken)
    {
        UnlockStateDirectory();
        var run = PlatformRun.RunAsync(Selection.Platforms, ImageSettings, RunConsole.Attach(new RunSettings
        {
            Command = command,
            WorkDirectory = Settings.Workdir,
            CurrentDirectory = Environment.CurrentDirectory,
            Env = Settings.Env,
            EnvPrefix = Settings.EnvPrefix,
            EnvSuffix = Settings.EnvSuffix,
        }), Engine, cancellationToken);
        _run = run;
        return run;
    }

    /// <summary>
    /// Ctrl-C ends the build without waiting for the running target, but Run kills and removes its container on that
    /// same cancellation (and puts the terminal back): the process must not exit before that is done.
    /// </summary>
    private void WaitForRunCleanup()
    {
        if (_run is not { IsCompleted: false } run) return;
        try
        {
            run.Wait(TimeSpan.FromSeconds(60));
        }
        catch (AggregateException)
        {
            // Its failure or cancellation was reported by the target; only its cleanup mattered here.
        }
    }

    public Task ListStoreAsync(CancellationToken cancellationToken) =>
        new CipdStoreListing(Store).RenderAsync(System.Console.Out, "", cancellationToken);

    /// <summary>
    /// <c>Store --verify</c>: checks and repairs the state directory under its lock, prints the table, and fails the target
    /// when anything is lost (the table says what and where, and which step makes it again).
    /// </summary>
    public async Task VerifyStoreAsync(CancellationToken cancellationToken)
    {
        if (Store is not LocalCipdRepository local)
            throw new InvalidOperationException("Store --verify checks the local store under --state-dir; a --cipd-service keeps and checks its own instances (run it without --cipd-service)");
        var declared = Selection.WheelCatalog.All.Where(w => w.Source is not null).Select(w => w.Source!).DistinctBy(s => (s.Name, s.Version)).ToList();
        LockStateDirectory(cancellationToken);
        var report = await StoreVerification.RunAsync(new StoreVerificationSettings
        {
            StateDirectory = Settings.StateDirectory,
            DeclaredSources = declared,
            Sources = SourcesSettings with { Progress = null },
        }, local, cancellationToken);
        report.Render(System.Console.Out);
        if (report.AnyLost)
            throw new InvalidOperationException($"Store --verify: {report.Findings.Count(f => f.Outcome == VerifyOutcome.Lost)} thing(s) lost (listed above).");
    }

    /// <summary>
    /// The Prune target: lists (with --apply removes) what this checkout no longer plans; --platform narrows it to those
    /// platforms' images, sysroots and outputs. Fails when --apply could not remove something listed.
    /// </summary>
    public async Task PruneAsync(bool apply, int keep, CancellationToken cancellationToken)
    {
        var planned = PlannedContent.For(Selection.PlatformCatalog, Selection.WheelCatalog, ImageSettings);
        var report = await PruneStep.RunAsync(new PruneSettings
        {
            StateDirectory = Settings.StateDirectory,
            Apply = apply,
            Keep = keep,
            Platforms = Settings.Platforms.Count == 0 ? null : Selection.Platforms.Select(p => p.Name).ToHashSet(StringComparer.Ordinal),
        }, planned, () => Engine, System.Console.Out, cancellationToken);
        if (report.AnyFailed) throw new InvalidOperationException("Prune --apply could not remove everything listed (see the lines marked kept).");
    }

    /// <summary>Runs the NUnit suite; fails the target when any test failed.</summary>
    public async Task TestAsync(string? filter, CancellationToken cancellationToken)
    {
        var counts = await TestSuiteRun.RunAsync(Settings.RootDirectory,
            Path.Combine(Settings.StateDirectory, "test-results"), filter, cancellationToken);
        Console.WriteLine(counts.ToString());
        if (counts.Failed > 0)
            throw new InvalidOperationException($"{counts.Failed} test(s) failed (results: {Path.Combine(Settings.StateDirectory, "test-results")}).");
        if (counts.Passed == 0)
            throw new InvalidOperationException("No test ran: check --test-filter.");
    }
}
