using DockerBuild.Graph;
using DockerBuild.Graph.Planning;
using DockerBuild.Lifecycle;

/// <summary>
/// The DockerBuild lifecycle: Mirror → Sources → GenerateImage → BuildWheel → Upload, plus Run and Test.
/// Each target's body is one call into source/DockerBuild/Lifecycle; parameters are in Build.Parameters.cs.
/// </summary>
partial class Build : GraphBuild
{
    public static int Main() => Execute<Build>(x => x.BuildWheel);

    // Bad YAML, an unknown --platform/--wheel or a bad Run request fails before any target starts work.
    protected override void OnBuildInitialized()
    {
        if (ExecutionPlan.Any(t => t.Name is not (nameof(Test) or nameof(Store) or nameof(GenerateWorkflow))))
            Lifecycle.BeginRun(runCommand: Plans(nameof(Run)) ? RemainingArguments : null, uploads: Plans(nameof(Upload)), Cancellation);
    }

    bool Plans(string target) => ExecutionPlan.Any(t => t.Name == target);

    protected override void OnBuildFinished()
    {
        _lifecycle?.Dispose();
        foreach (var warning in _lifecycle?.DeferredWarnings ?? [])
            Log.Warning(warning);
    }

    Target Prerequisites => _ => _
        .Unlisted()
        .Description("Check (and on Debian as root, install and start) the Docker engine, QEMU/binfmt, the host tools the plan runs and the test suite's tools")
        .Executes(() => Lifecycle.PrerequisitesAsync(ExecutionPlan.Select(t => t.Name).ToList(), forTests: InvokedTargets.Any(t => t.Name == nameof(Test)), Cancellation));

    Target Mirror => _ => _
        .Description("Copy each platform's upstream base image into --registry, pinned by digest")
        .DependsOn(Prerequisites)
        .Executes(() => Lifecycle.MirrorAsync(Cancellation));

    Target Sources => _ => _
        .Description("Fetch every declared source, verify its sha256 and intern it in the CIPD store")
        .DependsOn(Prerequisites)
        .Executes(() => Lifecycle.SourcesAsync(Cancellation));

    Target GenerateImage => _ => _
        .Description("Build (or reuse by content key) the toolchain image of each platform")
        .DependsOn(Prerequisites, Mirror, Sources)
        .Executes(() => Lifecycle.GenerateImageAsync(verifiesWheels: Plans(nameof(BuildWheel)), Cancellation));

    Target BuildWheel => _ => _
        .Description("Build, repair, normalise and verify each selected wheel for each selected platform")
        .DependsOn(GenerateImage, Sources)
        .Executes(() => Lifecycle.BuildWheelAsync(Cancellation));

    Target Upload => _ => _
        .Description("Register built wheels as CIPD packages and write a PEP 503 index")
        .DependsOn(BuildWheel)
        .Executes(() => Lifecycle.UploadAsync(Cancellation));

    Target Run => _ => _
        .Description("Run the command after -- inside one platform's image, with the work directory at /work")
        .DependsOn(GenerateImage)
        .Executes(async () => ExitCode = await Lifecycle.RunAsync(RemainingArguments, Cancellation));

    Target GenerateWorkflow => _ => _
        .Unlisted()
        .Description("Regenerate .github/workflows/wheels.yml from this graph and the default platforms")
        .Executes(() => Lifecycle.GenerateWorkflowAsync(ExecutionPlanModel.Create<Build>(x => x.BuildWheel), Cancellation));

    Target Store => _ => _
        .Unlisted()
        .Description("List the packages, instances, tags and refs of the CIPD store; --verify checks and repairs the whole state directory")
        .Executes(() => Verify ? Lifecycle.VerifyStoreAsync(Cancellation) : Lifecycle.ListStoreAsync(Cancellation));

    Target Prune => _ => _
        .Description("List with sizes (--apply: remove) images, sysroot copies, temp folders, outputs and cached sources this checkout no longer plans")
        .Executes(() => Lifecycle.PruneAsync(Apply, Keep, Cancellation));

    Target Test => _ => _
        .Description("Run the NUnit test suite (prints 'tests: N passed, N failed')")
        .DependsOn(Prerequisites)
        .Executes(() => Lifecycle.TestAsync(TestFilter, Cancellation));
}
