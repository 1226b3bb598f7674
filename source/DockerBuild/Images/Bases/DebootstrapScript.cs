namespace DockerBuild.Images.Bases;

/// <summary>
/// The script debootstrap follows for a suite. A debootstrap release knows only the suites named before it: Debian 12's
/// has none for forky. Every Debian suite since bookworm uses one script, which debootstrap ships as <c>sid</c> (its
/// <c>trixie</c> and <c>testing</c> are links to it), so for a suite it lacks that script is named on the command line,
/// as debootstrap's optional last argument allows.
/// </summary>
public static class DebootstrapScript
{
    /// <summary>Where Debian's debootstrap keeps its scripts (it reads <c>DEBOOTSTRAP_DIR</c> first, as here).</summary>
    public static string ScriptsDirectory =>
        Path.Combine(Environment.GetEnvironmentVariable("DEBOOTSTRAP_DIR") is { Length: > 0 } dir ? dir : "/usr/share/debootstrap", "scripts");

    /// <summary>
    /// What to append after the mirror argument: nothing when debootstrap has the suite's own script, else the path of
    /// its <c>sid</c> script. Throws naming the fix when it has neither.
    /// </summary>
    public static IReadOnlyList<string> ArgumentsFor(string suite, string? scriptsDirectory = null)
    {
        var directory = scriptsDirectory ?? ScriptsDirectory;
        if (File.Exists(Path.Combine(directory, suite))) return [];
        var current = Path.Combine(directory, "sid");
        if (File.Exists(current)) return [current];
        throw new InvalidOperationException(
            $"debootstrap has no script for Debian {suite} and no 'sid' script to use for it in {directory}. "
            + "Fix: reinstall debootstrap (apt-get install --reinstall debootstrap), or set DEBOOTSTRAP_DIR to a debootstrap that has them.");
    }
}
