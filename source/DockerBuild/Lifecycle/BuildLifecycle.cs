using DockerBuild.Builds;
using DockerBuild.Ci;
using DockerBuild.Graph.Planning;
using DockerBuild.Images;
using DockerBuild.Mirror;
using Spectre.Console;
using DockerBuild.Prerequisites;
using DockerBuild.Sources;
using DockerBuild.Sources.Downloads;
using DockerBuild.Testing;
using DockerBuild.Tools.Cipd;
using DockerBuild.Tools.Cipd.Inspection;
using DockerBuild.Uploads;

namespace DockerBuild.Lifecycle;

/// <summary>
/// The body of each build target: composes the domain's steps for the selected platforms and wheels.
/// Build.cs calls exactly one method per target.
/// </summary>
public sealed class BuildLifecycle(LifecycleSettings settings)
{
    public LifecycleSettings Settings { get; } = settings;

    /// <summary>Where steps write progress and results.</summary>
    public IAnsiConsole Console { get; } = BuildConsole.Create(settings.IsInteractive);

    /// <summary>The local store under the state directory, or the service through the cipd CLI.</summary>
    public ICipdRepository Store => _store ??= CipdRepositories.Create(Settings.StateDirectory, Settings.CipdService);
    private ICipdRepository? _store;

    /// <summary>The selected platforms, wheels and pairs; loading validates platforms/ and wheels/.</summary>
    public BuildSelection Selection => _selection ??= BuildSelection.Load(Settings);
    private BuildSelection? _selection;

    /// <summary>The Docker engine, QEMU for the selected platforms' architectures, and debootstrap; with
    /// <paramref name="forTests"/> also the host packages the test suite lists.</summary>
    public Task PrerequisitesAsync(bool forTests, CancellationToken cancellationToken) =>
        HostPrerequisites.EnsureAsync(Settings.StateDirectory, Selection.LinuxPlatforms, Console, cancellationToken,
            forTests ? Path.Combine(Settings.RootDirectory, "source", "DockerBuild.Tests", "host-packages.txt") : null);

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
        }, Selection.LinuxPlatforms, Console, cancellationToken);

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
        var report = await SourceInterning.RunAsync(sources, new SourcesSettings
        {
            StateDirectory = Settings.StateDirectory,
            RootDirectory = Settings.RootDirectory,
            UploadSources = Settings.UploadSources,
            IndexUrl = Settings.IndexUrl,
            GitHubToken = Settings.GitHubToken,
            Progress = new LineDownloadProgress(System.Console.Out),
            Log = System.Console.Out,
        }, Store, cancellationToken);
        foreach (var reused in report.Sources.Where(e => e.State == SourceInternState.AlreadyInterned))
            Console.WriteLine($"  {reused.Name} {reused.Version}: already interned as {reused.Pin}");
        if (report.Warning is { } warning) _deferredWarnings.Add(warning);
    }

    public Task GenerateImageAsync(CancellationToken cancellationToken) =>
        throw new FeatureUnavailableException("GenerateImage", "toolchain images are not wired in.");

    /// <summary>Builds, repairs, verifies and stores every selected pair; fails the target when any pair failed (the others are kept).</summary>
    public async Task BuildWheelAsync(CancellationToken cancellationToken)
    {
        var report = await WheelBuilds.RunAsync(Selection, new WheelBuildSettings
        {
            StateDirectory = Settings.StateDirectory,
            RootDirectory = Settings.RootDirectory,
            Images = new ImageSettings { StateDirectory = Settings.StateDirectory, Registry = Settings.Registry },
            Jobs = Settings.Jobs,
            Rebuild = Settings.Rebuild,
            UploadSources = Settings.UploadSources,
            IndexUrl = Settings.IndexUrl,
        }, Store, Console, cancellationToken);
        if (!report.Succeeded) throw new WheelBuildFailedException(report);
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

    public Task<int> RunAsync(IReadOnlyList<string> command, CancellationToken cancellationToken) =>
        throw new FeatureUnavailableException("Run", "running commands in images is not wired in.");

    public Task ListStoreAsync(CancellationToken cancellationToken) =>
        new CipdStoreListing(Store).RenderAsync(System.Console.Out, "", cancellationToken);

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
