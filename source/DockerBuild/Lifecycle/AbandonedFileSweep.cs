using DockerBuild.Tools.Cipd;

namespace DockerBuild.Lifecycle;

/// <summary>
/// Removes what a killed run left in the state directory: half-written files under the writers' temporary names
/// (<c>.*.partial</c> downloads, <c>.*.tmp</c> and <c>.tmp-*</c> atomic writes) and the Sources step's scratch
/// directories. Runs right after the state lock is taken, so no live writer can own any of them.
/// </summary>
public static class AbandonedFileSweep
{
    /// <summary>Sweeps <paramref name="stateDirectory"/> (the local store under its own lock); returns how many entries went.</summary>
    public static async Task<int> RunAsync(string stateDirectory, ICipdRepository store, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(stateDirectory)) return 0;
        var removed = 0;
        var storeRoot = store is LocalCipdRepository local ? local.Root : null;
        foreach (var file in Directory.EnumerateFiles(stateDirectory, ".*", SearchOption.AllDirectories))
        {
            if (storeRoot is not null && file.StartsWith(storeRoot + Path.DirectorySeparatorChar, StringComparison.Ordinal)) continue;
            if (!IsTemporaryName(Path.GetFileName(file))) continue;
            File.Delete(file);
            removed++;
        }
        var scratch = Path.Combine(stateDirectory, "sources", ".scratch");
        if (Directory.Exists(scratch))
        {
            foreach (var entry in Directory.EnumerateDirectories(scratch))
            {
                Directory.Delete(entry, recursive: true);
                removed++;
            }
        }
        if (store is LocalCipdRepository repository) removed += await repository.RemoveAbandonedTemporariesAsync(cancellationToken);
        return removed;
    }

    /// <summary>The temporary names the product's writers use; nothing else in a state directory looks like them.</summary>
    public static bool IsTemporaryName(string fileName) =>
        fileName.StartsWith(".tmp-", StringComparison.Ordinal)
        || (fileName.StartsWith('.') && (fileName.EndsWith(".tmp", StringComparison.Ordinal) || fileName.EndsWith(".partial", StringComparison.Ordinal)));
}
