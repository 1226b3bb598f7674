using DockerBuild.Images;
using DockerBuild.Platforms;
using DockerBuild.Tools.Engine;

namespace DockerBuild.Benchmarks;

/// <summary>
/// Cold vs warm GenerateImage for one platform, in one run. Cold: a fresh content key, the suite's tools untagged (so
/// the bootstrap of the base with them, or their build on a mirrored base, runs again) and no layer cache. Cached rebuild: --rebuild with the engine's
/// layer cache. Warm: the same key again, which is a lookup. One-shot operations of minutes are timed with a
/// stopwatch; a statistical harness would repeat the cold run for hours.
/// </summary>
public static class GenerateImageBenchmark
{
    public const string Usage = "DockerBuild.Benchmarks <platforms/linux-xxx.yaml>   (a Linux platform with a Debian base)";

    public static async Task<BenchmarkResult> RunAsync(string platformFile)
    {
        var scratch = Directory.CreateTempSubdirectory("dockerbuild-benchmark-").FullName;
        try
        {
            // A unique comment gives a content key no earlier run has built.
            var platforms = Directory.CreateDirectory(Path.Combine(scratch, "platforms")).FullName;
            var copy = Path.Combine(platforms, Path.GetFileName(platformFile));
            await File.WriteAllTextAsync(copy, await File.ReadAllTextAsync(platformFile) + $"# benchmark {Guid.NewGuid():N}\n");
            var platform = PlatformCatalog.Load(platforms).All.Single();
            var settings = new ImageSettings { StateDirectory = Path.Combine(scratch, "state"), Output = TextWriter.Null };
            using var engine = ContainerEngine.AtUnixSocket();

            var plan = ImagePlan.For(platform, settings);
            if (await engine.Images.FindAsync(plan.Tools.Reference, CancellationToken.None) is not null)
                await engine.Images.RemoveAsync(plan.Tools.Reference, CancellationToken.None); // untags; images built on it keep their layers

            var (cold, _) = await BenchmarkCase.MeasureAsync("cold (bootstrap + build, no cache)",
                () => ImageGeneration.RunAsync([platform], settings with { NoCache = true }, engine));
            var (cached, _) = await BenchmarkCase.MeasureAsync("rebuild with layer cache",
                () => ImageGeneration.RunAsync([platform], settings with { Rebuild = true }, engine));
            var (warm, _) = await BenchmarkCase.MeasureAsync("warm (present: lookup only)",
                () => ImageGeneration.RunAsync([platform], settings, engine));
            await engine.Images.RemoveAsync(plan.Reference.ToString(), CancellationToken.None, force: true);
            return new BenchmarkResult($"GenerateImage {platform.Name}", [cold, cached, warm],
                $"cold/warm = {cold.Time / warm.Time:F0}×, cached/warm = {cached.Time / warm.Time:F0}×");
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }
}
