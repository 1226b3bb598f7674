using DockerBuild.BuildRequirements;
using DockerBuild.Builds.Checks;
using DockerBuild.Builds.Containers;
using DockerBuild.Builds.Outputs;
using DockerBuild.Builds.Preparation;
using DockerBuild.Builds.Verification;
using DockerBuild.Images.Recipe;
using DockerBuild.Platforms;
using DockerBuild.Sources;
using DockerBuild.Tools.IO;
using DockerBuild.Wheels;
using DockerBuild.Wheels.Abi3;
using DockerBuild.Wheels.Repair;

namespace DockerBuild.Builds;

/// <summary>
/// One (wheel, platform) pair from key to output: compute the build key and stop if an output has it; otherwise
/// download the published wheel, or prepare the source and build it in the platform's image without network, copy
/// the wheel and the target libraries it links out, repair/retag/normalise it, verify it in a clean target
/// environment, and only then move it into the outputs. Any failure is caught and reported for this pair alone.
/// </summary>
public static class PairBuild
{
    /// <summary>
    /// Grafted even though auditwheel 5+ allows linking them: PEPs 513/571/599 never listed them, and a wheel that
    /// carries its own copy imports on every system of its tag (zlib1g is not on every minimal image).
    /// </summary>
    public static readonly IReadOnlySet<string> StrictPolicyGrafts = new HashSet<string>(StringComparer.Ordinal) { "libz.so.1", "libexpat.so.1" };

    public static async Task<PairResult> RunAsync(WheelPair pair, PairBuildContext context, CancellationToken cancellationToken)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var result = await RunTimedAsync(pair, context, cancellationToken);
        return result with { Duration = clock.Elapsed };
    }

    private static async Task<PairResult> RunTimedAsync(WheelPair pair, PairBuildContext context, CancellationToken cancellationToken)
    {
        var settings = context.Settings;
        var spec = pair.Wheel;
        var platform = pair.Platform;
        using var log = new PairLog(context.LogFileOf(pair));
        log.Write($"BuildWheel {pair}");
        try
        {
            // An abi3 wheel's pairs are all the build of one platform, the architecture's abi3 builder: one key, one wheel.
            var build = pair.Build;
            var plan = Plan(build, context);
            var key = WheelBuildKey.Compute(new WheelBuildKeyInputs(build, plan.Source?.InstanceId, plan.Patches, plan.ImageKey,
                pair.UsesPublishedWheel ? settings.IndexUrl : null) { BuildRequirements = plan.Requirements });
            log.Write($"build key {key}");
            log.Mark("key");
            if (!settings.Rebuild && await WheelOutputs.FindAsync(settings.OutputsDirectory, platform.Name, key, cancellationToken) is { } hit)
            {
                log.Write($"cached: {hit.WheelFile} has this build key; nothing to build");
                return new PairResult(spec.Id, platform.Name, PairOutcome.Cached, hit, log.Path, null);
            }
            if (pair.Abi3 is not { } abi3)
            {
                var (produced, built) = await ProduceAsync(build, plan, key, context, log, cancellationToken);
                return new PairResult(spec.Id, platform.Name, built ? PairOutcome.Built : PairOutcome.Cached, produced, log.Path, null);
            }

            log.Write($"abi3 ({abi3}): one build for {platform.ArchPrefix}");
            var ranHere = false;
            var shared = await context.Abi3Builds.RunAsync(key, async () =>
            {
                ranHere = true;
                var (produced, built) = await ProduceAsync(build, plan, key, context, log, cancellationToken);
                return (produced, built, log.Path);
            });
            if (!ranHere) log.Write($"the abi3 wheel of {platform.ArchPrefix} was made for another CPython's pair: its log is {shared.Log}");
            var output = shared.Output.Platform == platform.Name ? shared.Output
                : await WheelOutputs.StoreAsync(shared.Output.WheelFile, settings.OutputsDirectory, platform.Name, spec.Name, spec.Version, key, cancellationToken);
            if (output != shared.Output)
                log.Write($"output {output.WheelFile}: the abi3 wheel built on {abi3.Builder.Name} ({shared.Output.WheelFile}), sha256 {output.Sha256}");
            return new PairResult(spec.Id, platform.Name, ranHere && shared.Built ? PairOutcome.Built : PairOutcome.Cached, output, log.Path, null);
        }
        catch (Exception e) when (DiskFullException.Find(e, settings.StateDirectory) is { } full)
        {
            // Room is the whole story: the log's last lines (when the log could still be written) would not add to it.
            log.Write($"error: {full.Message}");
            context.Progress.WriteLine($"{spec.Id} @ {platform.Name}: FAILED: {full.Message}");
            return new PairResult(spec.Id, platform.Name, PairOutcome.Failed, null, log.Path, full.Message);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            log.Write($"error: {e}");
            var tail = log.Tail();
            lock (context.Progress)
            {
                context.Progress.WriteLine($"{spec.Id} @ {platform.Name}: FAILED: {e.Message}");
                context.Progress.WriteLine($"  last {tail.Count} lines of {log.Path}:");
                foreach (var line in tail) context.Progress.WriteLine("  | " + line);
            }
            return new PairResult(spec.Id, platform.Name, PairOutcome.Failed, null, log.Path, e.Message);
        }
    }

    /// <summary>
    /// The output of <paramref name="build"/> under <paramref name="key"/>: found (another CPython's output of an abi3
    /// wheel, or the store), else downloaded or built, then verified on every platform it is for, and stored in the
    /// build platform's outputs. True when it was built (or downloaded) here.
    /// </summary>
    private static async Task<(BuiltWheel Output, bool Built)> ProduceAsync(WheelPair build, PairPlan plan, string key, PairBuildContext context, PairLog log,
        CancellationToken cancellationToken)
    {
        var settings = context.Settings;
        var (spec, platform) = (build.Wheel, build.Platform);
        if (!settings.Rebuild && build.Abi3 is { } shared)
        {
            foreach (var python in shared.Pythons)
            {
                if (await WheelOutputs.FindAsync(settings.OutputsDirectory, python.Name, key, cancellationToken) is not { } sibling) continue;
                log.Write($"cached: {sibling.WheelFile} of {python.Name} is this abi3 build; nothing to build");
                return (sibling, false);
            }
        }
        var scratch = Path.Combine(settings.TempDirectory, $"buildwheel-{platform.Name}-{spec.Name}-{Guid.NewGuid():N}");
        try
        {
            if (!settings.Rebuild && await StoredWheelLookup.FetchAsync(spec.Name, spec.Version, platform, key, context.Store, settings.OutputsDirectory,
                    scratch, log, cancellationToken, build.Abi3?.Floor) is { } stored)
                return (stored, false);
            log.Mark("outputs and store lookup");
            var roots = new Dictionary<VerificationTarget, Task<string>>();
            void Prepare(IEnumerable<VerificationTarget> targets)
            {
                foreach (var target in targets.Where(t => !roots.ContainsKey(t)))
                    roots[target] = WheelVerification.PrepareAsync(target, settings.Images, context.Engine, cancellationToken);
            }
            Prepare(build.Abi3?.Pythons.Select(TargetFor) ?? [plan.Verification]);
            var candidate = build.UsesPublishedWheel
                ? await PublishedWheelDownload.DownloadAsync(build, settings.IndexUrl, Path.Combine(scratch, "download"), log, cancellationToken)
                : await BuildAndRepairAsync(build, plan, context, scratch, log, cancellationToken);
            if (build.Abi3 is null && !build.UsesPublishedWheel && Abi3Floor.OfWheel(candidate) is { } found)
            {
                // A package that makes an abi3 wheel on its own is verified as a declared one would be.
                var pythons = Abi3Build.For(found, platform, context.Catalogue, spec.OnlyPlatforms, spec.SkipPlatforms)?.Pythons
                    ?? throw new WheelBuildException($"{Path.GetFileName(candidate)} needs CPython {found.Major}.{found.Minor} or later, but {platform.Name} has {platform.Python}.");
                log.Write($"the build made an abi3 wheel ({found}): verifying it on {string.Join(", ", pythons.Select(p => p.Name))}");
                Prepare(pythons.Select(TargetFor));
            }
            foreach (var (target, root) in roots)
            {
                await root;
                log.Mark($"waiting for the verification root {target.Suite} {target.Architecture}");
                await WheelVerification.VerifyAsync(candidate, spec, target, root, context.Verifiers, log, cancellationToken);
            }
            log.Mark("verification");
            var output = await WheelOutputs.StoreAsync(candidate, settings.OutputsDirectory, platform.Name, spec.Name, spec.Version, key, cancellationToken);
            log.Write($"output {output.WheelFile} sha256 {output.Sha256}");
            log.Mark("storing the output");
            context.Progress.WriteLine($"{spec.Id} @ {platform.Name}: built {output.FileName}");
            return (output, true);
        }
        finally
        {
            if (Directory.Exists(scratch)) Directory.Delete(scratch, recursive: true);
        }
    }

    private sealed record PairPlan(string? ImageKey, PlatformSpec BuildPlatform, SourceReportEntry? Source,
        IReadOnlyList<(string Name, byte[] Bytes)> Patches, VerificationTarget Verification, IReadOnlyList<ResolvedRequirement> Requirements);

    private static PairPlan Plan(WheelPair pair, PairBuildContext context)
    {
        var spec = pair.Wheel;
        var pure = pair.Platform.Kind != PlatformKind.Linux;
        var buildPlatform = pure
            ? context.PureBuilder ?? throw new InvalidOperationException($"{spec.Id} for {pair.Platform.Name} is built (or verified) in a Linux image of "
                + "the build machine's architecture, but none is selected or available; add e.g. --platform linux-x64-py3.11.")
            : pair.Platform;
        var verification = TargetFor(buildPlatform);
        if (pair.UsesPublishedWheel) return new PairPlan(null, buildPlatform, null, [], verification, []);

        var imageKey = context.Images.KeyOf(buildPlatform, spec);
        var source = spec.Source ?? throw new InvalidOperationException($"{spec.DeclaredAt}: {spec.Id} is built from source but declares no 'source:'");
        if (context.SourceErrors.TryGetValue((source.Name, source.Version), out var sourceError))
            throw new InvalidOperationException($"the source of {spec.Id} is not available: {sourceError}");
        return new PairPlan(imageKey, buildPlatform, context.Sources[(source.Name, source.Version)], PatchApplication.Read(spec), verification,
            context.Requirements.For(pair, context.RequirementPlan));
    }

    /// <summary>The suite and architecture a platform's wheels are verified on.</summary>
    public static VerificationTarget TargetFor(PlatformSpec platform) =>
        new(platform.Base?.Debian?.Suite ?? throw new InvalidOperationException($"{platform.SourceFile}: platform {platform.Name} has no base.debian.suite; "
                + "wheels are verified in a Debian rootfs of the platform's suite."),
            CrossTarget.For(platform).Architecture.Name);

    private static async Task<string> BuildAndRepairAsync(WheelPair pair, PairPlan plan, PairBuildContext context, string scratch, PairLog log,
        CancellationToken cancellationToken)
    {
        var spec = pair.Wheel;
        var image = await context.Images.EnsureAsync(plan.BuildPlatform, spec, cancellationToken);
        log.Mark("image");
        var prepared = await SourcePreparation.PrepareAsync(spec, plan.Source!, context.Store, Path.Combine(scratch, "source"), log, cancellationToken);
        log.Mark("source");
        var environment = BuildContainerEnvironment.For(plan.BuildPlatform, spec, prepared.SourceDateEpoch, context.Settings.BuildJobs);
        foreach (var variable in environment) log.Write($"env {variable}");
        foreach (var requirement in plan.Requirements)
            log.Write($"build requirement {requirement.Requirement}: {Path.GetFileName(requirement.File)} sha256 {requirement.Sha256} from {requirement.Origin}");
        var sysroot = TargetSysroot.DirectoryFor(context.Settings.SysrootsDirectory, plan.BuildPlatform.Name, image.Tag);
        var built = Path.Combine(scratch, "built");
        Directory.CreateDirectory(built);
        string builtWheel;
        var command = BuildContainerEnvironment.BuildCommand(plan.BuildPlatform, spec);
        await using (var container = await IsolatedContainer.CreateAsync(context.Engine, image.ToString(), environment, command,
                   cancellationToken, stateDirectory: context.Settings.StateDirectory))
        {
            await container.CopyInAsync(
            [
                ContainerCopy.Tree(prepared.Directory, BuildContainerEnvironment.BuildDirectory),
                ContainerCopy.FilesIn(BuildContainerEnvironment.ToolsDirectory, [(BuildScripts.FrontendName, BuildScripts.Frontend)]),
                .. plan.Requirements.Count > 0
                    ? [ContainerCopy.FilesIn(BuildContainerEnvironment.RequirementsDirectory,
                        plan.Requirements.Select(r => (Path.GetFileName(r.File), File.ReadAllBytes(r.File))).ToList())]
                    : Array.Empty<ContainerCopy>(),
            ], cancellationToken);
            log.Mark("build container created and filled");
            log.Write($"building in {image} (network none) at {BuildContainerEnvironment.BuildDirectory}");
            context.Progress.WriteLine($"{spec.Id} @ {pair.Platform.Name}: building in {image}");
            var exit = await container.RunAsync(log, cancellationToken);
            if (exit != 0)
                throw new WheelBuildException(UnmetRequirements.Explain(spec, plan.BuildPlatform, log.Tail(400), isolated: plan.Requirements.Count > 0)
                    ?? NetworkAccessDiagnosis.Explain(spec.Id, log.Tail())
                    ?? $"building {spec.Id} for {pair.Platform.Name} failed (exit {exit}) in {image}");
            var wheels = (await container.ReadFilesAsync(BuildContainerEnvironment.OutputDirectory, cancellationToken))
                .Where(f => f.Name.EndsWith(".whl", StringComparison.Ordinal)).ToList();
            if (wheels.Count != 1)
                throw new WheelBuildException($"building {spec.Id} for {pair.Platform.Name} left {wheels.Count} wheels in {BuildContainerEnvironment.OutputDirectory}; expected one.");
            builtWheel = Path.Combine(built, Path.GetFileName(wheels[0].Name));
            await DiskFullException.GuardAsync(builtWheel, wheels[0].Content.Length, () => File.WriteAllBytesAsync(builtWheel, wheels[0].Content, cancellationToken));
            log.Write($"built {Path.GetFileName(builtWheel)}");
            log.Mark("build");
            BuiltWheelCheck.Check(builtWheel, spec, pair.Platform, log);
            await TargetSysroot.CollectAsync(builtWheel, plan.BuildPlatform, container, sysroot, log, cancellationToken);
        }

        log.Mark("target libraries copied out, build container removed");
        if (Abi3Floor.OfWheel(builtWheel) is { } floor)
        {
            var limitedApi = await LimitedApiHeaders.ReadAsync(context.Engine, image.ToString(), plan.BuildPlatform, spec, floor, context.Settings.StateDirectory,
                log, cancellationToken);
            LimitedApi.Check(builtWheel, floor, limitedApi);
            log.Write($"limited API: every Py* symbol {Path.GetFileName(builtWheel)} imports is in the limited API of {floor}");
            log.Mark("limited-API check");
        }
        var repairLogFile = log.Path + ".repair";
        var repairedDirectory = Path.Combine(scratch, "repaired");
        // The repaired wheel is about the built one plus what is grafted into it.
        var repaired = await DiskFullException.GuardAsync(repairedDirectory, new FileInfo(builtWheel).Length, () => WheelRepair.RepairAsync(builtWheel, new WheelRepairSettings
        {
            Platform = pair.Platform,
            SysrootLibraryDirectories = [sysroot],
            SourceDateEpoch = prepared.SourceDateEpoch,
            OutputDirectory = repairedDirectory,
            LogFile = repairLogFile,
            AlwaysGraft = StrictPolicyGrafts,
        }, cancellationToken));
        if (File.Exists(repairLogFile))
        {
            log.WriteBlock(await File.ReadAllTextAsync(repairLogFile, cancellationToken));
            File.Delete(repairLogFile);
        }
        log.Write($"repaired {Path.GetFileName(repaired.Path)}: tag {repaired.Tag}, highest GLIBC {repaired.MaxGlibc?.ToString() ?? "none"}, "
            + $"needs {string.Join(", ", repaired.NeededLibraries)}; grafted {(repaired.Grafted.Count == 0 ? "nothing" : string.Join(", ", repaired.Grafted.Select(g => g.GraftedName)))}");
        log.Mark("repair");
        return repaired.Path;
    }
}

/// <summary>The build command in the container failed or produced no single wheel.</summary>
public sealed class WheelBuildException(string message) : Exception(message);
