using DockerBuild.Builds;

namespace DockerBuild.Benchmarks;

/// <summary>
/// A benchmarked BuildWheel whose pairs failed: its figures would mean nothing, so it stops, and because the scratch
/// state directory is removed afterwards, the failing pairs' errors and log tails are carried in the message.
/// </summary>
public static class FailedPairs
{
    public static void ThrowIfAny(string what, WheelBuildReport report)
    {
        if (report.Succeeded) return;
        var details = report.Failed.Select(pair =>
            $"{pair.Wheel} @ {pair.Platform}: {pair.Error}\n    " + string.Join("\n    ", File.Exists(pair.LogFile) ? File.ReadLines(pair.LogFile).TakeLast(15) : []));
        throw new InvalidOperationException($"{what}: {report.Failed.Count} of {report.Pairs.Count} pair(s) failed\n{string.Join("\n", details)}");
    }
}
