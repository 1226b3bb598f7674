namespace DockerBuild.Benchmarks;

/// <summary>
/// How long a user waits for <c>./build.sh --help</c> and <c>./build.sh --plan</c> when nothing changed: the
/// bootstrap's up-to-date check plus the engine's start-up, measured as the median of repeated runs.
/// </summary>
public static class StartupBenchmark
{
    public static async Task<BenchmarkResult> RunAsync(string repositoryRoot, int repetitions = 5)
    {
        var script = Path.Combine(repositoryRoot, "build.sh");
        await RunAsync(script, "--help"); // the first run may rebuild the build project; it is not measured
        var results = new List<BenchmarkCase>();
        foreach (var arguments in new[] { "--help", "--plan" })
        {
            var times = new List<TimeSpan>();
            for (var i = 0; i < repetitions; i++) times.Add(await RunAsync(script, arguments));
            times.Sort();
            results.Add(new BenchmarkCase($"./build.sh {arguments} (median of {repetitions})", times[times.Count / 2]));
        }
        return new BenchmarkResult("Start-up, nothing changed", results, $"--plan / --help = {results[1].Time / results[0].Time:F2}×");
    }

    private static async Task<TimeSpan> RunAsync(string script, string arguments) => (await BuildScriptRun.RunAsync(script, arguments)).Elapsed;
}
