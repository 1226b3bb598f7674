namespace DockerBuild.Benchmarks;

/// <summary>
/// Prints benchmark results as one Markdown table (benchmark, case, seconds, allocated MiB, ratio), so a whole run
/// can be pasted into a report as it is.
/// </summary>
public static class BenchmarkTable
{
    public static void Print(IEnumerable<BenchmarkResult> results, TextWriter output)
    {
        output.WriteLine("| benchmark | case | seconds | allocated MiB | ratio |");
        output.WriteLine("| --- | --- | ---: | ---: | --- |");
        foreach (var result in results)
            for (var i = 0; i < result.Cases.Count; i++)
            {
                var row = result.Cases[i];
                var memory = row.AllocatedBytes is { } bytes ? $"{bytes / (1024.0 * 1024.0):F1}" : "–";
                output.WriteLine($"| {(i == 0 ? result.Title : "")} | {row.Name} | {Seconds(row.Time)} | {memory} | {(i == 0 ? result.Ratio : "")} |");
            }
    }

    private static string Seconds(TimeSpan time) => time.TotalSeconds < 1 ? $"{time.TotalSeconds:F3}" : $"{time.TotalSeconds:F1}";
}
