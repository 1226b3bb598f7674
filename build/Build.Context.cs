using DockerBuild.Builds;
using DockerBuild.Context;
using DockerBuild.Images;
using DockerBuild.Lifecycle;
using DockerBuild.Mirror;
using DockerBuild.Prerequisites;
using DockerBuild.Run;
using DockerBuild.Selection;
using DockerBuild.Sources;
using DockerBuild.StoreCare;
using DockerBuild.Uploads;

/// <summary>
/// The run's one context, made from the parameters, and each step's options: the one place a parameter is read.
/// </summary>
partial class Build
{
    BuildRun? _lifecycle;

    BuildRun Lifecycle => _lifecycle ??= new BuildRun(new BuildContext
    {
        RootDirectory = RootDirectory,
        StateDirectory = Path.GetFullPath(StateDir, RootDirectory),
        CipdService = CipdService,
        GivenIndexUrl = IndexUrl,
        Secrets = [RegistryPassword, GitHubToken],
        OutputFactory = () => BuildOutput.ForProcess(interactive: IsLocalBuild && !Console.IsOutputRedirected),
    }, new SelectionRequest { RootDirectory = RootDirectory, Platforms = Platform, Wheels = Wheel, Partition = Partition, PinSources = PinSources });

    BuildContext Context => Lifecycle.Context;
    BuildSelection Selection => Lifecycle.Selection;

    /// <summary>Loads and validates platforms/, wheels/ and the selection: true, or the error naming file:line:column.</summary>
    bool SelectionIsValid => Selection is not null;

    /// <summary>Prints what the step reports when it ends; Run's report carries the command's exit code.</summary>
    async Task Report(Task<StepReport> step) => ExitCode = await Lifecycle.ReportAsync(step) ?? ExitCode;

    IReadOnlyList<string> PlannedTargets => ExecutionPlan.Select(t => t.Name).ToList();
    bool Plans(string target) => ExecutionPlan.Any(t => t.Name == target);

    string TestProject => Path.Combine(RootDirectory, "source", "DockerBuild.Tests", "DockerBuild.Tests.csproj");

    PrerequisitesOptions PrerequisitesOptions => new()
    {
        Tools = PlannedHostTools.For(PlannedTargets, Selection, CipdService),
        UsesEngine = PlannedHostTools.UsesEngine(PlannedTargets),
        // The test suite's own host packages, listed beside it, when Test was asked for.
        HostPackageList = InvokedTargets.Any(t => t.Name == nameof(Test)) ? Path.Combine(Path.GetDirectoryName(TestProject)!, "host-packages.txt") : null,
    };

    MirrorSettings MirrorOptions => new()
    {
        Registry = Registry, UpstreamRegistry = UpstreamRegistry, Upload = UploadResults, RegistryUser = RegistryUser, RegistryPassword = RegistryPassword,
    };

    SourcesSettings SourcesOptions => new() { UploadSources = UploadSources, GitHubToken = GitHubToken };

    ImageSettings ImageOptions => new()
    {
        Registry = Registry, RegistryLogin = RegistryLogin.From(RegistryUser, RegistryPassword), Rebuild = Rebuild, Upload = UploadResults,
        DebianMirror = DebianMirror, DebianSnapshotMirror = DebianSnapshotMirror,
    };

    WheelBuildSettings WheelBuildOptions => new()
    {
        StateDirectory = Context.StateDirectory, Images = ImageOptions, Jobs = Jobs ?? Environment.ProcessorCount, Rebuild = Rebuild,
        UploadSources = UploadSources, FindLinks = FindLinks,
    };

    UploadStepSettings UploadOptions => new()
    {
        Upload = UploadResults, GitHubRelease = GitHubRelease, GitHubReleaseReplace = GitHubReleaseReplace, GitHubToken = GitHubToken,
    };

    RunSettings RunOptions => new() { Command = RemainingArguments, WorkDirectory = Workdir, Env = Env, EnvPrefix = EnvPrefix, EnvSuffix = EnvSuffix };

    // --platform narrows Prune to those platforms' images, sysroots and outputs.
    PruneSettings PruneOptions => new()
    {
        Apply = Apply, Keep = Keep, Platforms = Platform.Length == 0 ? null : Selection.Platforms.Select(p => p.Name).ToHashSet(StringComparer.Ordinal),
    };
}
