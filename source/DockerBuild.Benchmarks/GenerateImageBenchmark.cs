using System.Diagnostics;
using DockerBuild.Images;
using DockerBuild.Platforms;
using DockerBuild.Tools.Docker;
using DockerBuild.Tools.Docker.Models;

namespace DockerBuild.Benchmarks;

/// <summary>
/// Cold vs warm GenerateImage for one platform, in one run. Cold: a fresh content key, the shared Debian base
/// untagged (so debootstrap and import run again) and no layer cache. Cached rebuild: --rebuild with the engine's
/// layer cache. Warm: the same key again, which is a lookup. One-shot operations of minutes are timed with a
/// stopwatch; a statistical harness would repeat the cold run for hours.
/// </summary>
public static class GenerateImageBenchmark
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Length != 1 || !File.Exists(args[0]))
        {
            Console.Error.WriteLine("usage: DockerBuild.Benchmarks <platforms/linux-xxx.yaml>   (a Linux platform with a Debian base)");
            return 2;
        }
        var scratch = Directory.CreateTempSubdirectory("dockerbuild-benchmark-").FullName;
        try
        {
            // A unique comment gives a content key no earlier run has built.
            var platforms = Directory.CreateDirectory(Path.Combine(scratch, "platforms")).FullName;
            var copy = Path.Combine(platforms, Path.GetFileName(args[0]));
            await File.WriteAllTextAsync(copy, await File.ReadAllTextAsync(args[0]) + $"# benchmark {Guid.NewGuid():N}\n");
            var platform = PlatformCatalog.Load(platforms).All.Single();
            var settings = new ImageSettings { StateDirectory = Path.Combine(scratch, "state"), Output = TextWriter.Null };
            using var client = new DockerClientConfiguration().CreateClient();

            var plan = ImagePlan.For(platform, settings);
            if (plan.Bootstrap is not null && await client.Images.TryInspectImageAsync(plan.Base.Reference) is not null)
                await client.Images.DeleteImageAsync(plan.Base.Reference, new ImageDeleteParameters()); // untags; images built on it keep their layers

            var cold = await TimeAsync(() => ImageGeneration.RunAsync([platform], settings with { NoCache = true }, client));
            var cached = await TimeAsync(() => ImageGeneration.RunAsync([platform], settings with { Rebuild = true }, client));
            var warm = await TimeAsync(() => ImageGeneration.RunAsync([platform], settings, client));
            await client.Images.DeleteImageAsync(plan.Reference.ToString(), new ImageDeleteParameters { Force = true });

            Console.WriteLine($"GenerateImage {platform.Name}: cold vs warm, measured in the same run");
            Console.WriteLine($"{"",-36}{"seconds",12}{"× warm",12}");
            Row("cold (bootstrap + build, no cache)", cold, warm);
            Row("rebuild with layer cache", cached, warm);
            Row("warm (present: lookup only)", warm, warm);
            return 0;
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    private static void Row(string name, TimeSpan time, TimeSpan warm) =>
        Console.WriteLine($"{name,-36}{time.TotalSeconds,12:F3}{time / warm,12:F1}");

    private static async Task<TimeSpan> TimeAsync(Func<Task> operation)
    {
        var clock = Stopwatch.StartNew();
        await operation();
        return clock.Elapsed;
    }
}
