using System.Diagnostics;

namespace DockerBuild.Benchmarks;

/// <summary>
/// One benchmark's cases measured side by side in the same run, and the ratio that compares them. Time is wall
/// clock; memory is what this process allocated during the case (in-process cases only: child processes such as
/// <c>./build.sh</c> are not visible to the runtime's counters).
/// </summary>
public sealed record BenchmarkResult(string Title, IReadOnlyList<BenchmarkCase> Cases, string Ratio);

/// <summary>One measured case of a benchmark.</summary>
public sealed record BenchmarkCase(string Name, TimeSpan Time, long? AllocatedBytes = null)
{
    /// <summary>Times an in-process operation and counts the bytes this process allocated while it ran.</summary>
    public static async Task<(BenchmarkCase Case, T Value)> MeasureAsync<T>(string name, Func<Task<T>> operation)
    {
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();
        var value = await operation();
        clock.Stop();
        return (new BenchmarkCase(name, clock.Elapsed, GC.GetTotalAllocatedBytes(precise: true) - allocated), value);
    }
}
