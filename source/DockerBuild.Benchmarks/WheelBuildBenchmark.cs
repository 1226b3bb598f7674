using System.Diagnostics;
using DockerBuild.Builds;
using DockerBuild.Images;
using DockerBuild.Lifecycle;
using DockerBuild.Tools.Cipd;
using DockerBuild.Tools.Docker;
using Spectre.Console;

namespace DockerBuild.Benchmarks;

/// <summary>
/// BuildWheel figures in one run: the same generated C extension built (a) cross for arm64 in the arm64 image,
/// (b) natively in the x64 image and (c) inside an emulated arm64 Debian rootfs with gcc (QEMU user mode); then a
/// BuildWheel over the given platforms into a fresh state directory (cold: every pair built) and again (warm: nothing
/// changed). One-shot builds of minutes are timed with a stopwatch, side by side.
/// </summary>
public static class WheelBuildBenchmark
{
    public const string Usage = "DockerBuild.Benchmarks wheels <checkout> [platform…]   (default: linux-x64-py3.11 linux-arm64-py3.11 linux-armv7-py3.11)";

    public static async Task<IReadOnlyList<BenchmarkResult>> RunAsync(string checkout, IReadOnlyList<string> platforms)
    {
        if (platforms.Count == 0) platforms = ["linux-x64-py3.11", "linux-arm64-py3.11", "linux-armv7-py3.11"];
        var scratch = Directory.CreateTempSubdirectory("dockerbuild-wheel-benchmark-").FullName;
        try
        {
            var state = Path.Combine(scratch, "state");
            var images = new ImageSettings { StateDirectory = state, Output = TextWriter.Null };
            var selection = BuildSelection.Load(new LifecycleSettings { RootDirectory = checkout, StateDirectory = state, Platforms = [.. platforms] });
            using var client = new DockerClientConfiguration().CreateClient();
            var source = Path.Combine(scratch, "crunch");
            GeneratedCExtension.Write(source);
            var lines = File.ReadAllLines(Path.Combine(source, "crunch.c")).Length;

            var x64 = selection.PlatformCatalog.Find("linux-x64-py3.11")!;
            var arm64 = selection.PlatformCatalog.Find("linux-arm64-py3.11")!;
            var imageSettings = images with { Wheels = selection.WheelCatalog.All };
            var generated = await ImageGeneration.RunAsync([x64, arm64], imageSettings, client);
            var emulated = await VerificationRootfs.EnsureAsync("bookworm", "arm64", ["gcc", "python3-dev", "python3-setuptools", "python3-wheel", "python3-pip"],
                images, client, Console.Out, CancellationToken.None);

            var cross = await TimeBuildAsync(client, generated.Single(g => g.Platform == arm64).Reference.ToString(), CrossEnvironment.For(arm64, 315532800), source, scratch, "cross");
            var native = await TimeBuildAsync(client, generated.Single(g => g.Platform == x64).Reference.ToString(), CrossEnvironment.For(x64, 315532800), source, scratch, "native");
            var qemu = await TimeBuildAsync(client, emulated, ["SOURCE_DATE_EPOCH=315532800", "PIP_NO_INDEX=1"], source, scratch, "emulated");

            var builds = new BenchmarkResult($"C extension of {lines} lines, one wheel",
                [new("(a) cross-compiled for arm64", cross), new("(b) native x86-64", native), new("(c) inside an emulated arm64 container", qemu)],
                $"c/a (emulated/cross) = {qemu / cross:F1}×, a/b (cross/native) = {cross / native:F2}×");

            var store = CipdRepositories.Create(state, null);
            var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(TextWriter.Null) });
            var settings = new WheelBuildSettings { StateDirectory = state, RootDirectory = checkout, Images = images, Jobs = 2 };
            var (coldCase, cold) = await BenchmarkCase.MeasureAsync("cold (build, repair, verify every pair)", () => WheelBuilds.RunAsync(selection, settings, store, console));
            if (!cold.Succeeded) throw new InvalidOperationException($"cold BuildWheel: {cold.Failed.Count} pair(s) failed");
            var (warmCase, warm) = await BenchmarkCase.MeasureAsync("warm (nothing changed)", () => WheelBuilds.RunAsync(selection, settings, store, console));
            var cached = warm.Pairs.Count(p => p.Outcome == PairOutcome.Cached);
            if (cached != warm.Pairs.Count) throw new InvalidOperationException($"no-change BuildWheel rebuilt {warm.Pairs.Count - cached} pair(s)");
            var avoidance = new BenchmarkResult($"BuildWheel, {string.Join(", ", platforms)} ({cold.Pairs.Count} pairs, jobs 2)",
                [coldCase, warmCase], $"cold/warm = {coldCase.Time / warmCase.Time:F0}×");
            return [builds, avoidance];
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    private static async Task<TimeSpan> TimeBuildAsync(DockerClient client, string image, IReadOnlyList<string> environment, string source, string scratch, string name)
    {
        var clock = Stopwatch.StartNew();
        using var log = new PairLog(Path.Combine(scratch, $"{name}.log"));
        await using var container = await IsolatedContainer.CreateAsync(client, image, environment, CrossEnvironment.BuildCommand, CancellationToken.None);
        await container.CopyDirectoryInAsync(source, CrossEnvironment.BuildDirectory, CancellationToken.None);
        var exit = await container.RunAsync(log, CancellationToken.None);
        if (exit != 0) throw new InvalidOperationException($"the {name} build failed (exit {exit}):\n{string.Join('\n', log.Tail())}");
        return clock.Elapsed;
    }
}
