namespace DockerBuild.Benchmarks;

/// <summary>
/// Chooses the benchmark: <c>all &lt;checkout&gt;</c> runs every one in turn; <c>wheels</c>, <c>jobs</c> and
/// <c>startup</c> take the checkout; otherwise GenerateImage's arguments (a platform file).
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        switch (args.FirstOrDefault())
        {
            case "all" when args.Length == 2:
                var checkout = Path.GetFullPath(args[1]);
                await PrintStartupAsync(checkout);
                Console.WriteLine();
                var failures = await JobsBenchmark.RunAsync(checkout);
                Console.WriteLine();
                failures += await WheelBuildBenchmark.RunAsync([checkout]);
                Console.WriteLine();
                failures += await GenerateImageBenchmark.Main([Path.Combine(checkout, "platforms", "linux-arm64-py3.11.yaml")]);
                return failures == 0 ? 0 : 1;
            case "wheels":
                return await WheelBuildBenchmark.RunAsync(args[1..]);
            case "jobs" when args.Length == 2:
                return await JobsBenchmark.RunAsync(Path.GetFullPath(args[1]));
            case "startup" when args.Length == 2:
                await PrintStartupAsync(Path.GetFullPath(args[1]));
                return 0;
            default:
                return await GenerateImageBenchmark.Main(args);
        }
    }

    private static async Task PrintStartupAsync(string checkout)
    {
        var results = await StartupBenchmark.RunAsync(checkout);
        Console.WriteLine("Start-up with nothing changed (median of 5)");
        foreach (var (name, median) in results) Console.WriteLine($"{name,-44}{median.TotalSeconds,10:F2}");
        Console.WriteLine($"--plan / --help = {results[1].Median / results[0].Median:F2}×");
    }
}
