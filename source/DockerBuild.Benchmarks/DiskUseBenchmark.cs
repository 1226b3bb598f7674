using System.Globalization;
using DockerBuild.Builds;
using DockerBuild.Context;
using DockerBuild.Images;
using DockerBuild.Selection;
using DockerBuild.StoreCare;
using DockerBuild.Tools.Cipd;
using DockerBuild.Tools.Engine;
using Spectre.Console;

namespace DockerBuild.Benchmarks;

/// <summary>
/// What a platform's images cost the engine's disk as its recipe changes, and what Prune gives back. On a copy of the
/// checkout with a platform of its own (linux-x64-py3.11's recipe plus one package, under a name unique to this run, so
/// no one else's image is ever in scope): the main job (BuildWheel of the catalogue's wheels, which builds the toolchain image and
/// wheel layers) and its no-change rerun; one package added to the platform's recipe and the main job again (a new
/// image and layers under new keys); then Prune --apply --keep 0 and the no-change rerun again. Disk figures are the
/// engine's layer total (GET /system/df, every layer once; other work on the engine shows in it too), the number of the
/// run's own images, and what they hold that no other image shares (the engine's per-image figure: layers the toolchain
/// image and its wheel layers share with each other count in neither, so it is their top layers). Every image of the
/// run's platform is removed at the end.
/// </summary>
public static class DiskUseBenchmark
{
    public static async Task<BenchmarkResult> RunAsync(string checkout)
    {
        var scratch = Directory.CreateTempSubdirectory("dockerbuild-disk-benchmark-").FullName;
        var platform = $"diskbench-{Guid.NewGuid():N}"[..18] + "-py3.11";
        using var engine = ContainerEngine.FromEnvironment();
        try
        {
            var copy = Path.Combine(scratch, "checkout");
            CatalogueChangeBenchmark.CopyTree(Path.Combine(checkout, "platforms"), Path.Combine(copy, "platforms"));
            CatalogueChangeBenchmark.CopyTree(Path.Combine(checkout, "wheels"), Path.Combine(copy, "wheels"));
            var recipe = Path.Combine(copy, "platforms", platform + ".yaml");
            // One package more than linux-x64-py3.11's recipe, so the image's layers are not the ones that platform's image
            // already holds in the engine (a layer two images share is freed only when both go).
            File.WriteAllText(recipe, File.ReadAllText(Path.Combine(copy, "platforms", "linux-x64-py3.11.yaml"))
                .Replace("name: linux-x64-py3.11", $"name: {platform}", StringComparison.Ordinal).Replace("default: true", "default: false", StringComparison.Ordinal)
                .Replace("      - build-essential\n", "      - build-essential\n      - zstd\n", StringComparison.Ordinal));
            var state = Path.Combine(scratch, "state");
            var request = new SelectionRequest { RootDirectory = copy, Platforms = [platform] };
            var store = CipdRepositories.Create(state, null);
            var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(TextWriter.Null) });
            var settings = new WheelBuildSettings
            {
                StateDirectory = state, RootDirectory = copy, Jobs = 2,
                Images = new ImageSettings { StateDirectory = state, Output = TextWriter.Null },
            };
            Task<WheelBuildReport> MainJob() => WheelBuilds.RunAsync(BuildSelection.Load(request, packageIndexConfigured: false), settings, store, console, engine);

            var before = await DiskAsync(engine, platform);
            var (first, firstReport) = await BenchmarkCase.MeasureAsync("main job, cold (image and layers built)", MainJob);
            FailedPairs.ThrowIfAny("the first main job", firstReport);
            var main = await DiskAsync(engine, platform);
            var rerun = await MedianAsync("no-change rerun, before prune (median of 5)", MainJob);

            // One more Debian package in the recipe: a new content key, so a new toolchain image and new wheel layers.
            File.WriteAllText(recipe, File.ReadAllText(recipe).Replace("      - zstd\n", "      - zstd\n      - lz4\n", StringComparison.Ordinal));
            var (changed, changedReport) = await BenchmarkCase.MeasureAsync("main job after one package added to the recipe", MainJob);
            FailedPairs.ThrowIfAny("the main job after the recipe change", changedReport);
            var afterChange = await DiskAsync(engine, platform);

            var (prune, _) = await BenchmarkCase.MeasureAsync("Prune --apply --keep 0", async () =>
            {
                using var context = new BuildContext { RootDirectory = copy, StateDirectory = state, OutputFactory = () => BuildOutput.To(TextWriter.Null) };
                await PruneStep.RunAsync(context, BuildSelection.Load(request), new ImageSettings(), new PruneSettings { Apply = true, Keep = 0, Platforms = new HashSet<string>([platform], StringComparer.Ordinal) }, CancellationToken.None);
                return 0;
            });
            var pruned = await DiskAsync(engine, platform);
            var rerunAfter = await MedianAsync("no-change rerun, after prune (median of 5)", MainJob);

            Console.WriteLine($"disk ({platform}): engine layers before {Mib(before.Engine)}, after the main job {Mib(main.Engine)} ({main.Images} images of its own, "
                + $"{Mib(main.Own)} held alone), after the recipe change {Mib(afterChange.Engine)} ({afterChange.Images}, {Mib(afterChange.Own)}), "
                + $"after prune {Mib(pruned.Engine)} ({pruned.Images}, {Mib(pruned.Own)})");
            return new BenchmarkResult($"Engine disk over a recipe change and Prune ({firstReport.Pairs.Count} pairs on a platform of its own)",
                [first, rerun, changed, prune, rerunAfter],
                $"engine layers MiB: after main job {Mib(main.Engine)}, after recipe change {Mib(afterChange.Engine)} (+{Mib(afterChange.Engine - main.Engine)}), "
                + $"after prune {Mib(pruned.Engine)} (−{Mib(afterChange.Engine - pruned.Engine)}); own images {main.Images} → {afterChange.Images} → {pruned.Images}, "
                + $"held alone {Mib(main.Own)} → {Mib(afterChange.Own)} → {Mib(pruned.Own)} MiB; no-change rerun after/before prune = {rerunAfter.Time / rerun.Time:F2}×");
        }
        finally
        {
            await RemoveImagesAsync(engine, platform);
            Directory.Delete(scratch, recursive: true);
        }
    }

    /// <summary>A sub-second case, run five times: the median, so one slow moment of a shared machine does not decide the ratio.</summary>
    private static async Task<BenchmarkCase> MedianAsync<T>(string name, Func<Task<T>> operation)
    {
        var runs = new List<BenchmarkCase>();
        for (var i = 0; i < 5; i++) runs.Add((await BenchmarkCase.MeasureAsync(name, operation)).Case);
        return runs.OrderBy(r => r.Time).ElementAt(runs.Count / 2);
    }

    private sealed record DiskUse(long Engine, int Images, long Own);

    /// <summary>The engine's layer total, and the run's own images (labelled with its platform) with the bytes no other image shares.</summary>
    private static async Task<DiskUse> DiskAsync(ContainerEngine engine, string platform)
    {
        var usage = await engine.GetDiskUsageAsync(CancellationToken.None);
        var own = usage.Images.Where(i => i.Labels.GetValueOrDefault(StaleImages.PlatformLabel) == platform).ToList();
        return new DiskUse(usage.LayersSize, own.Count, own.Sum(i => i.Size - Math.Max(0, i.SharedSize)));
    }

    private static async Task RemoveImagesAsync(ContainerEngine engine, string platform)
    {
        var own = await engine.Images.ListLabelledAsync($"{StaleImages.PlatformLabel}={platform}", CancellationToken.None);
        // Layers first: a wheel layer is built on its platform image.
        foreach (var image in own.OrderByDescending(i => i.Created))
        {
            try { await engine.Images.RemoveAsync(image.Id, CancellationToken.None, force: true); }
            catch (EngineException e) { Console.Error.WriteLine($"could not remove {image.Id}: {e.Message}"); }
        }
    }

    private static string Mib(long bytes) => (bytes / (1024.0 * 1024.0)).ToString("F0", CultureInfo.InvariantCulture);
}
