using System.Globalization;
using System.Text.RegularExpressions;
using DockerBuild.Builds;
using DockerBuild.Builds.Containers;
using DockerBuild.Builds.Preparation;
using DockerBuild.Images;
using DockerBuild.Selection;
using DockerBuild.Tools.Cipd;
using DockerBuild.Tools.Engine;
using Spectre.Console;

namespace DockerBuild.Benchmarks;

/// <summary>
/// What every (wheel, platform) pair pays besides compiling, measured on the smallest example: fastsum and copies of it
/// under other names (as a catalogue holds many small specs) built again (<c>--rebuild</c>, <c>--jobs 1</c>) in one run
/// on a native and an emulated platform, with warm images and roots. Per platform: the pair's time, the step that runs
/// the build command, and the rest (lookups, source, container set-up, copies, repair, verification, storing), each the
/// median over the pairs. Beside it, one bare container's life on this engine (create, start, wait, remove), the floor
/// any container a pair starts costs.
/// </summary>
public static partial class PairCostBenchmark
{
    private const string Wheel = "fastsum";
    private const int Copies = 2;
    private static readonly string[] Platforms = ["linux-x64-py3.11", "linux-arm64-py3.11"];

    public static async Task<BenchmarkResult> RunAsync(string checkout)
    {
        var scratch = Directory.CreateTempSubdirectory("dockerbuild-paircost-").FullName;
        try
        {
            var copy = CheckoutWithCopies(checkout, Path.Combine(scratch, "checkout"));
            var state = Path.Combine(scratch, "state");
            var selection = BuildSelection.Load(new SelectionRequest
            {
                RootDirectory = copy, Platforms = Platforms,
                Wheels = [Wheel, .. Enumerable.Range(1, Copies).Select(CopyName)],
            }, packageIndexConfigured: false);
            var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(TextWriter.Null) });
            using var engine = ContainerEngine.FromEnvironment();
            var settings = new WheelBuildSettings
            {
                StateDirectory = state, RootDirectory = copy, Jobs = 1, Rebuild = true,
                Images = new ImageSettings { StateDirectory = state, Output = TextWriter.Null },
            };
            var store = CipdRepositories.Create(state, null);
            // The first run makes what a warm machine has (roots, the sources in the cache); it is not counted.
            FailedPairs.ThrowIfAny("warm-up", await WheelBuilds.RunAsync(selection, settings, store, console, engine));
            var report = await WheelBuilds.RunAsync(selection, settings, store, console, engine);
            FailedPairs.ThrowIfAny("measured run", report);
            var cases = new List<BenchmarkCase>();
            foreach (var platform in Platforms)
            {
                var runs = new List<(double Total, double Build)>();
                foreach (var pair in report.Pairs.Where(p => p.Platform == platform))
                    runs.Add((pair.Duration.TotalSeconds, BuildStep(await File.ReadAllTextAsync(pair.LogFile))));
                var total = Median(runs.Select(r => r.Total));
                var build = Median(runs.Select(r => r.Build));
                var fixedCost = Median(runs.Select(r => r.Total - r.Build));
                cases.Add(new BenchmarkCase($"{runs.Count} fastsum-sized pairs on {platform}: whole pair", TimeSpan.FromSeconds(total)));
                cases.Add(new BenchmarkCase("  of which the build command's container run", TimeSpan.FromSeconds(build)));
                cases.Add(new BenchmarkCase("  fixed cost (everything else)", TimeSpan.FromSeconds(fixedCost)));
            }
            var image = selection.Platforms.First(p => p.Name == Platforms[0]);
            var bare = await BareContainerAsync(engine, new PlatformImages(settings.Images, engine), image, scratch);
            cases.Add(new BenchmarkCase("one bare container (create, start, wait, remove)", bare));
            return new BenchmarkResult($"Fixed cost per pair: {Wheel} and {Copies} copies rebuilt in one run, warm images and roots (medians)", cases,
                $"fixed cost / bare container = {cases[2].Time / bare:F1}× (native), {cases[5].Time / bare:F1}× (emulated)");
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    private static async Task<TimeSpan> BareContainerAsync(ContainerEngine engine, PlatformImages images, Platforms.PlatformSpec platform, string scratch)
    {
        var image = (await images.EnsureAsync(platform, CancellationToken.None)).Reference.ToString();
        using var log = new PairLog(Path.Combine(scratch, "bare.log"));
        var times = new List<double>();
        for (var run = 0; run < 3; run++)
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            await using (var container = await IsolatedContainer.CreateAsync(engine, image, [], "true", CancellationToken.None))
                await container.RunAsync(log, CancellationToken.None);
            times.Add(clock.Elapsed.TotalSeconds);
        }
        return TimeSpan.FromSeconds(Median(times));
    }

    private static string CopyName(int number) => $"fastsum{number}";

    /// <summary>A copy of the checkout's platforms and wheels plus <see cref="Copies"/> renamed copies of fastsum (package, module and test).</summary>
    private static string CheckoutWithCopies(string checkout, string copy)
    {
        foreach (var file in Directory.EnumerateFiles(checkout, "*", SearchOption.AllDirectories)
                     .Where(f => Path.GetRelativePath(checkout, f).Split(Path.DirectorySeparatorChar)[0] is "platforms" or "wheels"))
        {
            var target = Path.Combine(copy, Path.GetRelativePath(checkout, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        var spec = File.ReadAllText(Path.Combine(checkout, "wheels", "local.yaml"));
        var fastsum = spec[spec.IndexOf("  - name: fastsum", StringComparison.Ordinal)..];
        fastsum = fastsum[..(fastsum.IndexOf("\n  - name:", 1, StringComparison.Ordinal) + 1)];
        var copies = new System.Text.StringBuilder("wheels:\n");
        for (var number = 1; number <= Copies; number++)
        {
            var name = CopyName(number);
            copies.Append(fastsum.Replace(Wheel, name, StringComparison.Ordinal));
            var source = Path.Combine(checkout, "wheels", "local", Wheel);
            foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
            {
                var target = Path.Combine(copy, "wheels", "local", name, Path.GetRelativePath(source, file).Replace(Wheel, name, StringComparison.Ordinal));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.WriteAllText(target, File.ReadAllText(file).Replace(Wheel, name, StringComparison.Ordinal));
            }
        }
        File.WriteAllText(Path.Combine(copy, "wheels", "copies.yaml"), copies.ToString());
        return copy;
    }

    /// <summary>The <c>timing: build N s</c> line of a pair's log: the build container's run.</summary>
    private static double BuildStep(string log) =>
        double.Parse(BuildTiming().Match(log) is { Success: true } m ? m.Groups[1].Value : "0", CultureInfo.InvariantCulture);

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? 0 : sorted[sorted.Count / 2];
    }

    [GeneratedRegex(@"^timing: build ([0-9.]+) s$", RegexOptions.Multiline)]
    private static partial Regex BuildTiming();
}
