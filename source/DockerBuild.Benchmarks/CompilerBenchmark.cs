using System.Diagnostics;
using DockerBuild.Builds;
using DockerBuild.Builds.Containers;
using DockerBuild.Builds.Verification;
using DockerBuild.Images;
using DockerBuild.Lifecycle;
using DockerBuild.Selection;
using DockerBuild.Tools.Engine;
using DockerBuild.Wheels;

namespace DockerBuild.Benchmarks;

/// <summary>
/// The same generated C extension built, in one run, (a) cross for arm64 in the arm64 image, (b) natively in the x64
/// image and (c) inside an emulated arm64 Debian rootfs with gcc (QEMU user mode); then the extension split into
/// several translation units, cross with its objects compiled side by side, cross one after another, and emulated as
/// cibuildwheel would build it. One-shot builds of seconds to minutes are timed with a stopwatch, side by side.
/// </summary>
public static class CompilerBenchmark
{
    public static async Task<IReadOnlyList<BenchmarkResult>> RunAsync(string checkout)
    {
        var scratch = Directory.CreateTempSubdirectory("dockerbuild-compiler-benchmark-").FullName;
        try
        {
            var state = Path.Combine(scratch, "state");
            var images = new ImageSettings { StateDirectory = state, Output = TextWriter.Null };
            var selection = BuildSelection.Load(new SelectionRequest { RootDirectory = checkout, Platforms = ["linux-x64-py3.11", "linux-arm64-py3.11"] });
            using var engine = ContainerEngine.AtUnixSocket();
            var source = Path.Combine(scratch, "crunch");
            GeneratedCExtension.Write(source);
            var lines = File.ReadAllLines(Path.Combine(source, "crunch.c")).Length;

            var x64 = selection.PlatformCatalog.Find("linux-x64-py3.11")!;
            var arm64 = selection.PlatformCatalog.Find("linux-arm64-py3.11")!;
            var imageSettings = images;
            var generated = await ImageGeneration.RunAsync([x64, arm64], imageSettings, engine);
            var emulated = await VerificationRootfs.EnsureAsync("bookworm", "arm64", ["gcc", "python3-dev", "python3-setuptools", "python3-wheel", "python3-pip"],
                images, engine, Console.Out, CancellationToken.None, configure: true);

            var spec = new WheelSpec { Name = "crunch", Version = "1.0.0", Kind = WheelKind.Local };
            var cross = await TimeBuildAsync(engine, generated.Single(g => g.Platform == arm64).Reference.ToString(), BuildContainerEnvironment.For(arm64, spec, 315532800),
                BuildContainerEnvironment.BuildCommand(arm64, spec), source, scratch, "cross");
            var native = await TimeBuildAsync(engine, generated.Single(g => g.Platform == x64).Reference.ToString(), BuildContainerEnvironment.For(x64, spec, 315532800),
                BuildContainerEnvironment.BuildCommand(x64, spec), source, scratch, "native");
            var qemu = await TimeBuildAsync(engine, emulated, ["SOURCE_DATE_EPOCH=315532800", "PIP_NO_INDEX=1"], BuildContainerEnvironment.BuildCommand(arm64, spec),
                source, scratch, "emulated");

            var single = new BenchmarkResult($"C extension of {lines} lines, one wheel",
                [new("(a) cross-compiled for arm64", cross), new("(b) native x86-64", native), new("(c) inside an emulated arm64 container", qemu)],
                $"c/a (emulated/cross) = {qemu / cross:F1}×, a/b (cross/native) = {cross / native:F2}×");

            const int units = 8;
            var split = Path.Combine(scratch, "crunch-split");
            GeneratedCExtension.Write(split, units: units);
            var arm64Image = generated.Single(g => g.Platform == arm64).Reference.ToString();
            var parallel = await TimeBuildAsync(engine, arm64Image, BuildContainerEnvironment.For(arm64, spec, 315532800, Environment.ProcessorCount),
                BuildContainerEnvironment.BuildCommand(arm64, spec), split, scratch, "cross-parallel");
            var serial = await TimeBuildAsync(engine, arm64Image, BuildContainerEnvironment.For(arm64, spec, 315532800, 1),
                BuildContainerEnvironment.BuildCommand(arm64, spec), split, scratch, "cross-serial");
            var emulatedSplit = await TimeBuildAsync(engine, emulated, ["SOURCE_DATE_EPOCH=315532800", "PIP_NO_INDEX=1"], BuildContainerEnvironment.BuildCommand(arm64, spec),
                split, scratch, "emulated-split");
            var several = new BenchmarkResult($"The same split into {units + 1} files, one wheel",
                [new($"(a) cross for arm64, {Environment.ProcessorCount} objects at a time", parallel), new("(b) cross for arm64, one at a time", serial),
                 new("(c) inside an emulated arm64 container", emulatedSplit)],
                $"c/a (emulated/cross parallel) = {emulatedSplit / parallel:F1}×, b/a (serial/parallel) = {serial / parallel:F2}×");
            return [single, several];

        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    private static async Task<TimeSpan> TimeBuildAsync(ContainerEngine engine, string image, IReadOnlyList<string> environment, string command, string source,
        string scratch, string name)
    {
        var clock = Stopwatch.StartNew();
        using var log = new PairLog(Path.Combine(scratch, $"{name}.log"));
        await using var container = await IsolatedContainer.CreateAsync(engine, image, environment, command, CancellationToken.None);
        await container.CopyDirectoryInAsync(source, BuildContainerEnvironment.BuildDirectory, CancellationToken.None);
        await container.CopyFilesInAsync([(BuildScripts.FrontendName, BuildScripts.Frontend)], BuildContainerEnvironment.ToolsDirectory, CancellationToken.None);
        var exit = await container.RunAsync(log, CancellationToken.None);
        if (exit != 0) throw new InvalidOperationException($"the {name} build failed (exit {exit}):\n{string.Join('\n', log.Tail())}");
        return clock.Elapsed;
    }
}
