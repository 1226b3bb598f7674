using System.Text.RegularExpressions;
using DockerBuild.Tools.Engine;

namespace DockerBuild.Benchmarks;

/// <summary>
/// The README's main job on a cold engine, as a new user meets it: every <c>dockerbuild/…</c> image (bases, the suites'
/// tools, platform images, layers, verification roots) is removed from the engine first, then <c>./build.sh</c> runs
/// into a fresh state directory; then the same command again with nothing changed. Each target's time comes from the
/// run's own summary. Given a second checkout (e.g. a worktree of the previous release), it is measured the same way
/// first, so before and after stand side by side in one table. Destructive: run it on an engine whose DockerBuild
/// images may go (they are rebuilt on demand).
/// </summary>
public static partial class FirstRunBenchmark
{
    public static async Task<IReadOnlyList<BenchmarkResult>> RunAsync(IReadOnlyList<string> checkouts)
    {
        var results = new List<BenchmarkResult>();
        foreach (var checkout in checkouts)
        {
            var scratch = Directory.CreateTempSubdirectory("dockerbuild-firstrun-").FullName;
            try
            {
                await RemoveDockerBuildImagesAsync();
                var state = Path.Combine(scratch, "state");
                var (cold, targets) = await RunMainJobAsync(checkout, state);
                var (rerun, _) = await RunMainJobAsync(checkout, state);
                var cases = new List<BenchmarkCase> { new("cold main job (no images, fresh state)", cold) };
                cases.AddRange(targets.Select(t => new BenchmarkCase($"  of which {t.Target}", t.Time)));
                cases.Add(new BenchmarkCase("no-change rerun", rerun));
                results.Add(new BenchmarkResult($"Main job on a cold engine: {checkout}", cases, $"cold / no-change = {cold / rerun:F0}×"));
            }
            finally
            {
                Directory.Delete(scratch, recursive: true);
            }
        }
        return results;
    }

    private static async Task RemoveDockerBuildImagesAsync()
    {
        using var engine = ContainerEngine.FromEnvironment();
        foreach (var image in await engine.Images.ListMatchingAsync("dockerbuild/*", CancellationToken.None))
            await engine.Images.RemoveAsync(image.Id, CancellationToken.None, force: true);
    }

    private static async Task<(TimeSpan Total, IReadOnlyList<(string Target, TimeSpan Time)> Targets)> RunMainJobAsync(string checkout, string state)
    {
        var (elapsed, output) = await BuildScriptRun.RunAsync(Path.Combine(checkout, "build.sh"), "--state-dir", state);
        var targets = SummaryRow().Matches(output)
            .Select(m => (m.Groups["target"].Value, m.Groups["time"].Value == "< 1sec" ? TimeSpan.Zero
                : TimeSpan.FromSeconds(int.Parse(m.Groups["m"].Value) * 60 + int.Parse(m.Groups["s"].Value))))
            .Where(t => t.Item2 > TimeSpan.Zero).ToList();
        return (elapsed, targets);
    }

    [GeneratedRegex(@"^(?<target>[A-Z]\w+)\s+Succeeded\s+(?<time>< 1sec|(?<m>\d+):(?<s>\d\d))\s*$", RegexOptions.Multiline)]
    private static partial Regex SummaryRow();
}
