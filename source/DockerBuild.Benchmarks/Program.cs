namespace DockerBuild.Benchmarks;

/// <summary>
/// Chooses the benchmark: <c>all &lt;checkout&gt;</c> runs every one and prints one table; <c>wheels</c>,
/// <c>jobs</c>, <c>paircost</c>, <c>catalogue</c>, <c>disk</c> and <c>startup</c> take the checkout; <c>firstrun</c> (not in <c>all</c>: it
/// empties the engine of DockerBuild's images) takes the checkout and optionally a baseline checkout, measured first;
/// otherwise GenerateImage's argument (a platform file).
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var command = args.FirstOrDefault();
        var benchmarks = command switch
        {
            "all" when args.Length == 2 => All(Path.GetFullPath(args[1])),
            "wheels" when args.Length >= 2 && Directory.Exists(Path.Combine(args[1], "platforms")) =>
                [async () => await CompilerBenchmark.RunAsync(Path.GetFullPath(args[1])),
                 async () => [await WheelBuildBenchmark.RunAsync(Path.GetFullPath(args[1]), args[2..])]],
            "jobs" when args.Length == 2 => [async () => [await JobsBenchmark.RunAsync(Path.GetFullPath(args[1]))]],
            "paircost" when args.Length == 2 => [async () => [await PairCostBenchmark.RunAsync(Path.GetFullPath(args[1]))]],
            "catalogue" when args.Length == 2 => [async () => [await CatalogueChangeBenchmark.RunAsync(Path.GetFullPath(args[1]))]],
            "disk" when args.Length == 2 => [async () => [await DiskUseBenchmark.RunAsync(Path.GetFullPath(args[1]))]],
            "firstrun" when args.Length >= 2 => [async () => await FirstRunBenchmark.RunAsync(args[1..].Select(Path.GetFullPath).Reverse().ToList())],
            "startup" when args.Length == 2 => [async () => [await StartupBenchmark.RunAsync(Path.GetFullPath(args[1]))]],
            _ when args.Length == 1 && File.Exists(args[0]) => [async () => [await GenerateImageBenchmark.RunAsync(args[0])]],
            _ => (List<Func<Task<IReadOnlyList<BenchmarkResult>>>>?)null,
        };
        if (benchmarks is null)
        {
            Console.Error.WriteLine("usage: DockerBuild.Benchmarks all <checkout>");
            Console.Error.WriteLine("       DockerBuild.Benchmarks startup|jobs|paircost|catalogue|disk <checkout>");
            Console.Error.WriteLine("       DockerBuild.Benchmarks firstrun <checkout> [<baseline checkout>]   (removes the engine's dockerbuild/* images)");
            Console.Error.WriteLine($"       {WheelBuildBenchmark.Usage}");
            Console.Error.WriteLine($"       {GenerateImageBenchmark.Usage}");
            return 2;
        }

        // One failing benchmark must not discard the others' figures.
        var results = new List<BenchmarkResult>();
        var failures = 0;
        foreach (var benchmark in benchmarks)
        {
            try { results.AddRange(await benchmark()); }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                failures++;
                Console.Error.WriteLine($"benchmark failed: {exception.Message}");
            }
        }
        Console.WriteLine();
        BenchmarkTable.Print(results, Console.Out);
        return failures == 0 ? 0 : 1;
    }

    private static List<Func<Task<IReadOnlyList<BenchmarkResult>>>> All(string checkout) =>
    [
        async () => [await StartupBenchmark.RunAsync(checkout)],
        async () => [await JobsBenchmark.RunAsync(checkout)],
        async () => [await PairCostBenchmark.RunAsync(checkout)],
        async () => await CompilerBenchmark.RunAsync(checkout),
        async () => [await WheelBuildBenchmark.RunAsync(checkout, [])],
        async () => [await CatalogueChangeBenchmark.RunAsync(checkout)],
        async () => [await DiskUseBenchmark.RunAsync(checkout)],
        async () => [await GenerateImageBenchmark.RunAsync(Path.Combine(checkout, "platforms", "linux-arm64-py3.11.yaml"))],
    ];
}
