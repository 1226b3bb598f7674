using DockerBuild.Context;
using DockerBuild.Tools.Cipd;

namespace DockerBuild.StoreCare;

/// <summary>
/// Removes what a killed run left in the state directory: half-written files under the writers' temporary names
/// (<c>.*.partial</c> downloads, <c>.*.tmp</c> and <c>.tmp-*</c> atomic writes) and the scratch directories of the
/// Sources, BuildWheel and Upload steps. Runs right after the state lock is taken, so no live writer can own any of them.
/// </summary>
public static class AbandonedFileSweep
{
    /// <summary>Takes the run's state directory (waiting while another run holds it), then sweeps it, saying what went.</summary>
    public static async Task TakeStateDirectoryAsync(BuildContext context, CancellationToken cancellationToken)
    {
        await context.LockStateDirectoryAsync(cancellationToken);
        var removed = await RunAsync(context.StateDirectory, context.Store, cancellationToken);
        if (removed > 0)
            context.Output.WriteLine($"Removed {removed} unfinished file(s) or scratch folder(s) an interrupted run left in {context.StateDirectory}.");
    }

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
        foreach (var entry in ScratchDirectories(stateDirectory))
        {
            Directory.Delete(entry, recursive: true);
            removed++;
        }
        if (store is LocalCipdRepository repository) removed += await repository.RemoveAbandonedTemporariesAsync(cancellationToken);
        return removed;
    }

    /// <summary>
    /// Per-run scratch trees that only files of this tool's own making fill: Sources' packing folders, a pair's build
    /// folder (<c>temp/buildwheel-*</c>: its source, built and repaired wheels), Upload's package folder and Store --verify's
    /// copies (<c>temp/verify-*</c>).
    /// (Not <c>temp/bootstrap-*</c> or <c>temp/rootfs-*</c>: a killed mmdebstrap may leave mounts inside them.)
    /// </summary>
    public static IEnumerable<string> ScratchDirectories(string stateDirectory)
    {
        var sources = Path.Combine(stateDirectory, "sources", ".scratch");
        var temp = Path.Combine(stateDirectory, "temp");
        var upload = Path.Combine(temp, "upload");
        var found = new List<string>();
        if (Directory.Exists(sources)) found.AddRange(Directory.EnumerateDirectories(sources));
        if (Directory.Exists(temp)) found.AddRange(Directory.EnumerateDirectories(temp, "buildwheel-*"));
        if (Directory.Exists(temp)) found.AddRange(Directory.EnumerateDirectories(temp, StoreVerification.ScratchPrefix + "*"));
        if (Directory.Exists(upload)) found.AddRange(Directory.EnumerateDirectories(upload));
        return found;
    }

    /// <summary>The temporary names the product's writers use; nothing else in a state directory looks like them.</summary>
    public static bool IsTemporaryName(string fileName) =>
        fileName.StartsWith(".tmp-", StringComparison.Ordinal)
        || (fileName.StartsWith('.') && (fileName.EndsWith(".tmp", StringComparison.Ordinal) || fileName.EndsWith(".partial", StringComparison.Ordinal)));
}
