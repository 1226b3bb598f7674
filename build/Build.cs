using DockerBuild.Builds;
using DockerBuild.Ci;
using DockerBuild.Graph;
using DockerBuild.Graph.Planning;
using DockerBuild.Images;
using DockerBuild.Mirror;
using DockerBuild.Prerequisites;
using DockerBuild.Run;
using DockerBuild.Sources;
using DockerBuild.StoreCare;
using DockerBuild.Testing;
using DockerBuild.Uploads;

/// <summary>
/// The DockerBuild lifecycle: Mirror → Sources → GenerateImage → BuildWheel → Upload, plus Run and Test.
/// Each target calls one step in source/DockerBuild with the run's context and its options (Build.Context.cs), and
/// prints the report the step returns; parameters are in Build.Parameters.cs.
/// </summary>
partial class Build : GraphBuild
{
    public static int Main() => Execute<Build>(x => x.BuildWheel);

    // Preconditions are each target's Requires: bad YAML, an unknown --platform/--wheel, a bad Run request or wheels that
    // cannot be published fail before any target starts work. The state directory is this run's from here to the end.
    protected override void OnBuildInitialized()
    {
        if (Plans(nameof(Run))) Lifecycle.ReserveStandardOutputForCommand();
        if (ExecutionPlan.Any(t => t.Name is not (nameof(Test) or nameof(Store) or nameof(GenerateWorkflow))))
            Lifecycle.TakeStateDirectory(Cancellation);
    }

    protected override void OnBuildFinished()
    {
        _lifecycle?.Dispose();
        foreach (var warning in _lifecycle?.Warnings ?? [])
            Log.Warning(warning);
    }

    Target Prerequisites => _ => _
        .Unlisted()
        .Description("Check (and on Debian as root, install and start) the Docker engine, QEMU/binfmt, the host tools the plan runs and the test suite's tools")
        .Requires(() => SelectionIsValid)
        .Executes(() => Report(PrerequisitesStep.RunAsync(Context, Selection.LinuxPlatforms, PrerequisitesOptions, Cancellation)));

    Target Mirror => _ => _
        .Description("Copy each platform's upstream base image into --registry, pinned by digest")
        .DependsOn(Prerequisites)
        .Requires(() => SelectionIsValid)
        .Executes(() => Report(BaseImageMirror.RunAsync(Context, Selection.LinuxPlatforms, MirrorOptions, Cancellation)));

    Target Sources => _ => _
        .Description("Fetch every declared source, verify its sha256 and intern it in the CIPD store")
        .DependsOn(Prerequisites)
        .Requires(() => SelectionIsValid)
        .Executes(() => Report(SourcesStep.RunAsync(Context, Selection.Sources, SourcesOptions, Cancellation)));

    Target GenerateImage => _ => _
        .Description("Build (or reuse by content key) the toolchain image of each platform")
        .DependsOn(Prerequisites, Mirror, Sources)
        .Requires(() => SelectionIsValid)
        .Executes(() => { if (Plans(nameof(BuildWheel))) BuildWheelStep.Prepare(Context, Selection.PartitionPairs, ImageOptions, Cancellation); })
        .Executes(() => Report(GenerateImageStep.RunAsync(Context, Selection.LinuxPlatforms, ImageOptions, Cancellation)));

    Target BuildWheel => _ => _
        .Description("Build, repair, normalise and verify each selected wheel for each selected platform")
        .DependsOn(GenerateImage, Sources)
        .Requires(() => SelectionIsValid)
        .Executes(() => Report(BuildWheelStep.RunAsync(Context, Selection, WheelBuildOptions, Cancellation)));

    Target Upload => _ => _
        .Description("Register built wheels as CIPD packages and write a PEP 503 index")
        .DependsOn(BuildWheel)
        .Requires(() => SelectionIsValid, () => UploadStep.PairsCanBeUploaded(Selection.PartitionPairs))
        .Executes(() => Report(UploadStep.RunAsync(Context, Selection.PartitionPairs, UploadOptions, Cancellation)));

    Target Run => _ => _
        .Description("Run the command after -- inside one platform's image, with the work directory at /work")
        .DependsOn(GenerateImage)
        .Requires(() => SelectionIsValid, () => RunStep.RequestIsValid(Selection.Platforms, RemainingArguments))
        .Executes(() => Report(RunStep.RunAsync(Context, Selection.Platforms, ImageOptions, RunOptions, Cancellation)));

    Target GenerateWorkflow => _ => _
        .Unlisted()
        .Description("Regenerate .github/workflows/wheels.yml from this graph and the default platforms")
        .Executes(() => Report(WorkflowStep.RunAsync(Context, ExecutionPlanModel.Create<Build>(x => x.BuildWheel), Cancellation)));

    Target Store => _ => _
        .Unlisted()
        .Description("List the packages, instances, tags and refs of the CIPD store; --verify checks and repairs the whole state directory")
        .Executes(() => Report(Verify ? StoreStep.VerifyAsync(Context, Selection.WheelCatalog, SourcesOptions, Cancellation) : StoreStep.ListAsync(Context, Cancellation)));

    Target Prune => _ => _
        .Description("List with sizes (--apply: remove) images, sysroot copies, temp folders, outputs and cached sources this checkout no longer plans")
        .Requires(() => SelectionIsValid)
        .Executes(() => Report(PruneStep.RunAsync(Context, Selection, ImageOptions, PruneOptions, Cancellation)));

    Target Test => _ => _
        .Description("Run the NUnit test suite (prints 'tests: N passed, N failed')")
        .DependsOn(Prerequisites)
        .Executes(() => Report(TestStep.RunAsync(Context, TestProject, TestFilter, Cancellation)));
}
