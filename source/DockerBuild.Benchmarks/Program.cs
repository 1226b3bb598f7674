namespace DockerBuild.Benchmarks;

/// <summary>Chooses the benchmark: <c>wheels &lt;checkout&gt;</c> for BuildWheel, otherwise GenerateImage's arguments.</summary>
public static class Program
{
    public static Task<int> Main(string[] args) =>
        args.Length > 0 && args[0] == "wheels" ? WheelBuildBenchmark.RunAsync(args[1..]) : GenerateImageBenchmark.Main(args);
}
