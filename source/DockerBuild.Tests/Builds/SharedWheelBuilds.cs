using DockerBuild.Builds;
using DockerBuild.Images;
using DockerBuild.Lifecycle;
using DockerBuild.Selection;
using DockerBuild.Tests.Docker.Support;
using DockerBuild.Tools.Cipd;
using DockerBuild.Tools.Engine;

namespace DockerBuild.Tests.Builds;

/// <summary>
/// The one BuildWheel run every Docker/Emulation test of this folder shares: fastsum and zcodec for the three bookworm
/// platforms (x64, arm64, armv7) into one state directory. Images and verification rootfs images stay in the engine
/// between test runs (found by content key); the outputs are cleared so the first run really builds.
/// </summary>
internal static class SharedWheelBuilds
{
    public static string Root => Path.Combine(Path.GetTempPath(), "dockerbuild-tests", "buildwheel");
    public static string StateDirectory => Path.Combine(Root, "state-a");
    public static string Checkout => Path.Combine(Root, "checkout-a");

    private static readonly Lazy<Task<WheelBuildRun>> First = new(() => RunFreshAsync(), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The first run (builds everything); the first caller pays.</summary>
    public static Task<WheelBuildRun> FirstRunAsync() => First.Value;

    private static async Task<WheelBuildRun> RunFreshAsync()
    {
        foreach (var stale in new[] { "wheels", "logs", "temp" })
        {
            var path = Path.Combine(StateDirectory, stale);
            if (Directory.Exists(path)) Directory.Delete(path, recursive: true);
        }
        ScratchCheckout.Create(Checkout, ScratchCheckout.ShippedSpecs("fastsum", "zcodec"), ["fastsum", "zcodec"]);
        return await RunAsync(Checkout, StateDirectory, ScratchCheckout.Platforms, [], jobs: 2);
    }

    /// <summary>A BuildWheel run over a checkout and state directory, as BuildWheelStep would start it.</summary>
    public static async Task<WheelBuildRun> RunAsync(string checkout, string stateDirectory, IReadOnlyList<string> platforms, IReadOnlyList<string> wheels,
        int jobs = 2, bool rebuild = false, string? indexUrl = null, int? buildJobs = null)
    {
        var selection = BuildSelection.Load(new SelectionRequest
        {
            RootDirectory = checkout, Platforms = platforms, Wheels = wheels,
        });
        var console = new PlainConsole();
        var store = CipdRepositories.Create(stateDirectory, null);
        using var engine = ContainerEngine.FromEnvironment();
        var report = await WheelBuilds.RunAsync(selection, new WheelBuildSettings
        {
            StateDirectory = stateDirectory,
            RootDirectory = checkout,
            Images = new ImageSettings { StateDirectory = stateDirectory },
            Jobs = jobs,
            BuildJobs = buildJobs ?? Environment.ProcessorCount,
            Rebuild = rebuild,
            IndexUrl = indexUrl,
        }, store, console.Console, engine);
        // The logs as this run left them: a later run of the same pair rewrites its log file.
        var logs = report.Pairs.Where(p => File.Exists(p.LogFile)).ToDictionary(p => p.LogFile, p => File.ReadAllText(p.LogFile));
        return new WheelBuildRun(report, console.Text, stateDirectory, logs);
    }
}

/// <summary>A finished run: its report and everything it printed.</summary>
internal sealed record WheelBuildRun(WheelBuildReport Report, string Output, string StateDirectory, IReadOnlyDictionary<string, string> Logs)
{
    /// <summary>A pair's log as it was when this run ended.</summary>
    public string LogOf(string wheel, string platform) => Logs[Pair(wheel, platform).LogFile];

    /// <summary>The files in a platform's outputs matching a pattern (none when the platform has no outputs yet).</summary>
    public IReadOnlyList<string> OutputFiles(string platform, string pattern)
    {
        var directory = Path.Combine(StateDirectory, "wheels", platform);
        return Directory.Exists(directory) ? Directory.GetFiles(directory, pattern) : [];
    }

    public PairResult Pair(string wheel, string platform) =>
        Report.Pairs.Single(p => p.Wheel.StartsWith(wheel + "==", StringComparison.Ordinal) && p.Platform == platform);
}
