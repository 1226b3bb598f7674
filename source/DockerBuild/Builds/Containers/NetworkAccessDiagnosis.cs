namespace DockerBuild.Builds.Containers;

/// <summary>
/// Recognises, in the tail of a failed build's log, that the package tried to reach the network (a download in
/// setup.py, setup_requires, a build dependency pip would fetch), which a hermetic build can never do, and says how
/// to declare the dependency instead.
/// </summary>
public static class NetworkAccessDiagnosis
{
    private static readonly string[] Signs =
    [
        "Temporary failure in name resolution",
        "Name or service not known",
        "Network is unreachable",
        "Failed to establish a new connection",
        "NewConnectionError",
        "urlopen error",
        "Could not resolve host",
        "No matching distribution found",
        "Could not find a version that satisfies the requirement",
        "getaddrinfo failed",
        "Connection refused",
    ];

    /// <summary>The explanation when <paramref name="tail"/> shows a network attempt; null otherwise.</summary>
    public static string? Explain(string wheel, IReadOnlyList<string> tail)
    {
        var line = tail.LastOrDefault(l => Signs.Any(s => l.Contains(s, StringComparison.OrdinalIgnoreCase)));
        if (line is null) return null;
        return $"{wheel} tried to use the network during its build (\"{line.Trim()}\"), but builds run without network (container network mode 'none'). "
            + "Declare what it fetches instead: a build tool or host package in the platform's base.debian.packages, a target library in the wheel's "
            + "target_libraries, a Python build dependency as a wheel spec built before it, and downloaded files as part of its pinned source.";
    }
}
