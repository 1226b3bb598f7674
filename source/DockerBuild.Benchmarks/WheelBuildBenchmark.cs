using DockerBuild.Builds;
using DockerBuild.Images;
using DockerBuild.Lifecycle;
using DockerBuild.Selection;
using DockerBuild.Tools.Cipd;
using DockerBuild.Tools.Engine;
using Spectre.Console;

namespace DockerBuild.Benchmarks;

/// <summary>
/// BuildWheel over the given platforms into a fresh state directory (cold: every pair built, repaired and verified)
/// and again (warm: nothing changed, every pair avoided by its build key), side by side in one run.
/// </summary>
public static class WheelBuildBenchmark
{
    public const string Usage = "DockerBuild.Benchmarks wheels <checkout> [platform…]   (default: linux-x64-py3.11 linux-arm64-py3.11 linux-armv7-py3.11)";

    public static async Task<BenchmarkResult> RunAsync(string checkout, IReadOnlyList<string> platforms)
    {
        if (platforms.Count == 0) platforms = ["linux-x64-py3.11", "linux-arm64-py3.11", "linux-armv7-py3.11"];
        var scratch = Directory.CreateTempSubdirectory("dockerbuild-wheel-benchmark-").FullName;
        try
        {
            var state = Path.Combine(scratch, "state");
            var selection = BuildSelection.Load(new SelectionRequest { RootDirectory = checkout, Platforms = [.. platforms] }, packageIndexConfigured: false);
            var store = CipdRepositories.Create(state, null);
            var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(TextWriter.Null) });
            using var engine = ContainerEngine.FromEnvironment();
            var settings = new WheelBuildSettings
            {
                StateDirectory = state, RootDirectory = checkout, Jobs = 2,
                Images = new ImageSettings { StateDirectory = state, Output = TextWriter.Null },
            };
            var (coldCase, cold) = await BenchmarkCase.MeasureAsync("cold (build, repair, verify every pair)", () => WheelBuilds.RunAsync(selection, settings, store, console, engine));
            FailedPairs.ThrowIfAny("cold BuildWheel", cold);
            var (warmCase, warm) = await BenchmarkCase.MeasureAsync("warm (nothing changed)", () => WheelBuilds.RunAsync(selection, settings, store, console, engine));
            var cached = warm.Pairs.Count(p => p.Outcome == PairOutcome.Cached);
            if (cached != warm.Pairs.Count) throw new InvalidOperationException($"no-change BuildWheel rebuilt {warm.Pairs.Count - cached} pair(s)");
            return new BenchmarkResult($"BuildWheel, {string.Join(", ", platforms)} ({cold.Pairs.Count} pairs, jobs 2)",
                [coldCase, warmCase], $"cold/warm = {coldCase.Time / warmCase.Time:F0}×");
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }
}
