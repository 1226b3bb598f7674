using System.Diagnostics;
using DockerBuild.Builds;
using DockerBuild.Images;
using DockerBuild.Lifecycle;
using DockerBuild.Tools.Cipd;
using Spectre.Console;

namespace DockerBuild.Benchmarks;

/// <summary>
/// BuildWheel over the default platforms with <c>--jobs 1</c> and then <c>--jobs 2</c>, each into a fresh state
/// directory (every pair built, repaired and verified; images already present), side by side in one run.
/// </summary>
public static class JobsBenchmark
{
    public static async Task<int> RunAsync(string checkout)
    {
        var scratch = Directory.CreateTempSubdirectory("dockerbuild-jobs-benchmark-").FullName;
        try
        {
            var times = new List<(int Jobs, TimeSpan Time, int Pairs)>();
            foreach (var jobs in new[] { 1, 2 })
            {
                var state = Path.Combine(scratch, $"state-{jobs}");
                var selection = BuildSelection.Load(new LifecycleSettings { RootDirectory = checkout, StateDirectory = state }, packageIndexConfigured: false);
                var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(TextWriter.Null) });
                var settings = new WheelBuildSettings
                {
                    StateDirectory = state, RootDirectory = checkout, Jobs = jobs,
                    Images = new ImageSettings { StateDirectory = state, Output = TextWriter.Null },
                };
                var clock = Stopwatch.StartNew();
                var report = await WheelBuilds.RunAsync(selection, settings, CipdRepositories.Create(state, null), console);
                if (!report.Succeeded) throw new InvalidOperationException($"--jobs {jobs}: {report.Failed.Count} pair(s) failed");
                times.Add((jobs, clock.Elapsed, report.Pairs.Count));
            }
            Console.WriteLine($"BuildWheel over the default platforms ({times[0].Pairs} pairs, images present), measured in the same run");
            foreach (var (jobs, time, _) in times) Console.WriteLine($"{$"--jobs {jobs}",-44}{time.TotalSeconds,10:F1}");
            Console.WriteLine($"jobs 1 / jobs 2 = {times[0].Time / times[1].Time:F2}×");
            return 0;
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }
}
