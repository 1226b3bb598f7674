using DockerBuild.BuildRequirements;
using DockerBuild.Builds.Containers;
using DockerBuild.Builds.Preparation;
using DockerBuild.Builds.Verification;
using DockerBuild.Images;
using DockerBuild.Platforms;
using DockerBuild.Selection;
using DockerBuild.Sources;
using DockerBuild.Tools.Cipd;
using DockerBuild.Tools.Engine;
using DockerBuild.Wheels;
using Spectre.Console;

namespace DockerBuild.Builds;

/// <summary>
/// BuildWheel: every selected (wheel, platform) pair built, repaired, verified and stored, <c>Jobs</c> at a time.
/// Sources are made ready first (each once); images when a pair first needs one; pairs run independently — one failing pair never
/// discards another's output. Ends with a summary table of every pair. Its target entry is BuildWheelStep.
/// </summary>
public static class WheelBuilds
{
    public static async Task<WheelBuildReport> RunAsync(BuildSelection selection, WheelBuildSettings settings, ICipdRepository store,
        IAnsiConsole console, ContainerEngine engine, CancellationToken cancellationToken = default)
    {
        // On a partitioned CI run each machine builds (and then uploads) its share of the pairs.
        var pairs = selection.PartitionPairs;
        var progress = TextWriter.Synchronized(new ConsoleLineWriter(console));
        if (pairs.Count == 0)
        {
            console.WriteLine("No (wheel, platform) pair is selected: nothing to build.");
            return new WheelBuildReport([]);
        }
        settings = settings with { Images = settings.Images with { Output = progress } };
        // The caller holds the state directory's lock: containers labelled with it belong to a killed run.
        await AbandonedContainers.RemoveAsync(engine, settings.StateDirectory, progress, cancellationToken);

        var pureBuilder = PureBuilder(selection);
        // Build requirements first: the catalogue's own tools are built before the pairs that need them, the rest is
        // fetched or found in the store before any pair builds.
        // An abi3 pair builds as its architecture's builder, which may not be selected itself.
        var requirementPlan = RequirementPlan.For(pairs.Concat(pairs.Select(p => p.Build)).Distinct(), selection.WheelCatalog, selection.PlatformCatalog, pureBuilder);
        var requirementPairs = requirementPlan.Phases.SelectMany(p => p).ToList();
        var requirements = new BuildRequirementSet(selection.WheelCatalog, selection.PlatformCatalog);
        var requirementScratch = Path.Combine(settings.TempDirectory, $"build-requirements-{Guid.NewGuid():N}");
        await using var verifiers = new WarmVerificationContainers(engine, settings.StateDirectory, cancellationToken);
        try
        {
            if (requirementPlan.External.Count > 0)
            {
                var lockFile = RequirementLock.Load(Path.Combine(settings.RootDirectory ?? Directory.GetCurrentDirectory(), "wheels"));
                await requirements.ResolveAsync(requirementPlan,
                    new RequirementWheels(store, lockFile, new RequirementSources(settings.IndexUrl, settings.FindLinks), requirementScratch), progress, cancellationToken);
                await lockFile.SaveAsync(cancellationToken);
                if (lockFile.Added.Count > 0)
                    progress.WriteLine($"wrote {lockFile.Added.Count} new build-requirement wheel(s) with their sha256 to {lockFile.Path}: review and commit it");
            }
            var (sources, sourceErrors) = await EnsureSourcesAsync(SourcesOf([.. requirementPairs, .. pairs]), settings, store, progress, cancellationToken);

            var context = new PairBuildContext
            {
                Settings = settings, Store = store, Engine = engine, Images = new PlatformImages(settings.Images, engine),
                Sources = sources, SourceErrors = sourceErrors, PureBuilder = pureBuilder, Progress = progress, Verifiers = verifiers,
                SeveralVersions = pairs.GroupBy(p => (p.Platform.Name, p.Wheel.Name)).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet(),
                Requirements = requirements, RequirementPlan = requirementPlan, Catalogue = selection.PlatformCatalog.All,
            };
            var results = new List<PairResult>();
            foreach (var phase in requirementPlan.Phases)
            {
                var built = await RunPairsAsync(phase, context, settings.Jobs, cancellationToken);
                foreach (var (pair, result) in phase.Zip(built))
                    requirements.Built(pair, result.Output?.WheelFile, result.Output?.Sha256, result.Error);
                results.AddRange(built);
            }
            results.AddRange(await RunPairsAsync(pairs.Where(p => !requirementPairs.Contains(p)).ToList(), context, settings.Jobs, cancellationToken));
            var report = new WheelBuildReport(results);
            report.Render(console);
            return report;
        }
        finally
        {
            if (Directory.Exists(requirementScratch)) Directory.Delete(requirementScratch, recursive: true);
        }
    }

    private static async Task<PairResult[]> RunPairsAsync(IReadOnlyList<WheelPair> pairs, PairBuildContext context, int jobs, CancellationToken cancellationToken)
    {
        using var slots = new SemaphoreSlim(Math.Max(1, jobs));
        var running = pairs.Select(async pair =>
        {
            await slots.WaitAsync(cancellationToken);
            try { return await PairBuild.RunAsync(pair, context, cancellationToken); }
            finally { slots.Release(); }
        }).ToList();
        return await Task.WhenAll(running);
    }

    /// <summary>
    /// Where pure-Python wheels are built and verified: a selected Linux platform of the build machine's architecture
    /// (preferring default ones), else such a default platform of the catalog.
    /// </summary>
    public static PlatformSpec? PureBuilder(BuildSelection selection)
    {
        static bool Native(PlatformSpec p) => RequirementHost.IsNative(p) && p.Base?.Debian is not null;
        return selection.Platforms.Where(Native).OrderByDescending(p => p.Default).FirstOrDefault()
               ?? selection.PlatformCatalog.All.Where(Native).OrderByDescending(p => p.Default).FirstOrDefault();
    }

    /// <summary>
    /// The sources the built pairs need, one per (name, version). A local directory is named by its absolute path (as
    /// the wheel spec resolves it), so the run does not depend on the current directory.
    /// </summary>
    private static IReadOnlyList<SourceSpec> SourcesOf(IReadOnlyList<WheelPair> pairs) => pairs
        .Where(p => !p.UsesPublishedWheel && p.Wheel.Source is not null)
        .Select(p => p.Wheel.Source!.Kind == SourceKind.Local ? p.Wheel.Source! with { Path = p.Wheel.LocalSourceDirectory } : p.Wheel.Source!)
        .DistinctBy(s => (s.Name, s.Version))
        .ToList();

    private static async Task<(Dictionary<(string, string), SourceReportEntry>, Dictionary<(string, string), string>)> EnsureSourcesAsync(
        IReadOnlyList<SourceSpec> sources, WheelBuildSettings settings, ICipdRepository store, TextWriter progress, CancellationToken cancellationToken)
    {
        var entries = new Dictionary<(string, string), SourceReportEntry>();
        var errors = new Dictionary<(string, string), string>();
        // One by one, so a source that cannot be had fails only the pairs built from it.
        foreach (var source in sources)
        {
            try
            {
                var report = await SourceInterning.RunAsync([source], new SourcesSettings
                {
                    StateDirectory = settings.StateDirectory,
                    RootDirectory = settings.RootDirectory,
                    UploadSources = settings.UploadSources,
                    IndexUrl = settings.IndexUrl,
                }, store, cancellationToken);
                entries[(source.Name, source.Version)] = report.Sources.Single();
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                errors[(source.Name, source.Version)] = e.Message;
                progress.WriteLine($"source {source.Name} {source.Version}: not available: {e.Message}");
            }
        }
        return (entries, errors);
    }

    /// <summary>Writes whole lines to the console (escaped, so a bracket in a path is not markup).</summary>
    private sealed class ConsoleLineWriter(IAnsiConsole console) : TextWriter
    {
        private readonly System.Text.StringBuilder _line = new();
        public override System.Text.Encoding Encoding => System.Text.Encoding.UTF8;
        public override void Write(char value)
        {
            if (value == '\n') { console.WriteLine(_line.ToString()); _line.Clear(); }
            else if (value != '\r') _line.Append(value);
        }
    }
}
