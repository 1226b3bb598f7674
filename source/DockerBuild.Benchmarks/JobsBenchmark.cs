using DockerBuild.Builds;
using DockerBuild.Images;
using DockerBuild.Lifecycle;
using DockerBuild.Selection;
using DockerBuild.Tools.Cipd;
using DockerBuild.Tools.Engine;
using Spectre.Console;

namespace DockerBuild.Benchmarks;

/// <summary>
/// BuildWheel over the default platforms with <c>--jobs 1</c> and then <c>--jobs 2</c>, each into a fresh state
/// directory (every pair built, repaired and verified; images already present), side by side in one run.
/// </summary>
public static class JobsBenchmark
{
    public static async Task<BenchmarkResult> RunAsync(string checkout)
    {
        var scratch = Directory.CreateTempSubdirectory("dockerbuild-jobs-benchmark-").FullName;
        try
        {
            var cases = new List<BenchmarkCase>();
            var pairs = 0;
            foreach (var jobs in new[] { 1, 2 })
            {
                var state = Path.Combine(scratch, $"state-{jobs}");
                var selection = BuildSelection.Load(new SelectionRequest { RootDirectory = checkout }, packageIndexConfigured: false);
                var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(TextWriter.Null) });
                using var engine = ContainerEngine.FromEnvironment();
                var settings = new WheelBuildSettings
                {
                    StateDirectory = state, RootDirectory = checkout, Jobs = jobs,
                    Images = new ImageSettings { StateDirectory = state, Output = TextWriter.Null },
                };
                var (measured, report) = await BenchmarkCase.MeasureAsync($"--jobs {jobs}",
                    () => WheelBuilds.RunAsync(selection, settings, CipdRepositories.Create(state, null), console, engine));
                FailedPairs.ThrowIfAny($"--jobs {jobs}", report);
                cases.Add(measured);
                pairs = report.Pairs.Count;
            }
            return new BenchmarkResult($"BuildWheel, default platforms ({pairs} pairs, fresh state each)", cases,
                $"jobs 1 / jobs 2 = {cases[0].Time / cases[1].Time:F2}×");
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }
}
