using DockerBuild.Tools.Engine;

namespace DockerBuild.Builds.Containers;

/// <summary>
/// Removes the build and verification containers a killed BuildWheel run left in the engine. A run killed with
/// SIGKILL never reaches its container's removal: the container finishes its command and stays (exited) forever, one
/// per killed pair. Every container BuildWheel creates carries its state directory as a label, and only the holder of
/// that directory's lock builds there, so once the lock is taken any container with the label is an orphan.
/// </summary>
public static class AbandonedContainers
{
    /// <summary>
    /// Removes (forcefully, a still running one too) the containers labelled with <paramref name="stateDirectory"/>;
    /// returns how many. An unreachable engine is left for the pairs that need it to report (a run whose pairs are all
    /// cached needs no engine).
    /// </summary>
    public static async Task<int> RemoveAsync(ContainerEngine engine, string stateDirectory, TextWriter output, CancellationToken cancellationToken)
    {
        var label = $"{IsolatedContainer.StateDirectoryLabel}={Path.GetFullPath(stateDirectory)}";
        IReadOnlyList<string> orphans;
        try
        {
            orphans = await engine.Containers.ListIdsAsync(label, cancellationToken);
        }
        catch (EngineUnreachableException)
        {
            return 0;
        }
        var removed = 0;
        foreach (var orphan in orphans)
        {
            // False when it went meanwhile, or the engine is removing it already.
            if (await engine.Containers.RemoveAsync(orphan, cancellationToken)) removed++;
        }
        if (removed > 0)
            output.WriteLine($"Removed {removed} container(s) an interrupted BuildWheel run left in the engine (label {label}).");
        return removed;
    }
}
