using DockerBuild.Sources;
using DockerBuild.Sources.Acquisition;
using DockerBuild.Sources.Downloads;
using DockerBuild.Sources.Interning;
using DockerBuild.Tools.Cipd;
using DockerBuild.Tools.IO;

namespace DockerBuild.StoreCare;

/// <summary>
/// The Sources-cache part of <c>Store --verify</c>: every cached file of a declared source pinned by sha256
/// (<c>&lt;state-dir&gt;/sources/&lt;name&gt;/&lt;version&gt;/</c>) against its pin. A file that no longer matches goes to
/// the quarantine and is put back from the store's instance of that source (whose ID the store checks on deploy), or
/// downloaded again against the pin; git and local sources are re-packed on every use and need no check. Runs before
/// the store is checked, so the store's repair only ever re-interns a verified cache file.
/// </summary>
public sealed class SourceCacheVerification(IReadOnlyList<SourceSpec> declaredSources, SourcesSettings settings, ICipdRepository store,
    Quarantine quarantine, StoreVerificationReport report, string scratchDirectory)
{
    private const string Area = "sources cache";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var cache = new SourceCache(settings.CacheDirectory);
        foreach (var spec in declaredSources.Where(s => s.Sha256 is not null && s.Kind is SourceKind.Url or SourceKind.Pypi or SourceKind.Github))
        {
            var directory = Path.Combine(cache.Root, spec.Name, spec.Version);
            if (!Directory.Exists(directory)) continue;
            foreach (var file in Directory.EnumerateFiles(directory).Where(f => !Path.GetFileName(f).StartsWith('.')).Order(StringComparer.Ordinal))
            {
                var actual = await VerifiedDownloader.ComputeSha256Async(file, cancellationToken);
                if (actual.Equals(spec.Sha256, StringComparison.OrdinalIgnoreCase))
                {
                    report.Fine(Area);
                    continue;
                }
                var moved = quarantine.MoveAside(file);
                var problem = $"its sha256 is {actual} but {spec.DeclaredAt} pins {spec.Sha256}; the damaged file was moved to {moved}";
                if (await RestoreFromStoreAsync(spec, file, cancellationToken) is { } pin)
                    report.Repaired(Area, $"{spec.Name} {spec.Version}", file, $"{problem}; restored from store instance {pin}");
                else if (await DownloadAgainAsync(spec, cancellationToken) is { } downloaded)
                    report.Repaired(Area, $"{spec.Name} {spec.Version}", file, $"{problem}; downloaded again to {downloaded} and checked against the pin");
                else
                    report.Lost(Area, $"{spec.Name} {spec.Version}", file, $"{problem}; the store has no sound copy and it could not be downloaded; run Sources when the source is reachable");
            }
        }
    }

    private async Task<CipdPin?> RestoreFromStoreAsync(SourceSpec spec, string file, CancellationToken cancellationToken)
    {
        CipdPin? pin;
        try { pin = await SourcePackages.FindAsync(store, spec.Name, spec.Version, cancellationToken); }
        catch (CipdStoreException) { return null; }
        if (pin is null) return null;
        var deployed = Path.Combine(scratchDirectory, Guid.NewGuid().ToString("N"));
        try
        {
            await store.DeployAsync(pin, deployed, cancellationToken);
        }
        catch (CipdStoreException)
        {
            return null; // the instance is damaged too: the store part of the check deals with it
        }
        var copy = Path.Combine(deployed, Path.GetFileName(file));
        if (!File.Exists(copy) || !(await VerifiedDownloader.ComputeSha256Async(copy, cancellationToken)).Equals(spec.Sha256, StringComparison.OrdinalIgnoreCase))
            return null;
        await AtomicFile.WriteAllBytesAsync(file, await File.ReadAllBytesAsync(copy, cancellationToken), cancellationToken);
        return pin;
    }

    private async Task<string?> DownloadAgainAsync(SourceSpec spec, CancellationToken cancellationToken)
    {
        try
        {
            using var acquirer = new SourceAcquirer(settings);
            return (await acquirer.AcquireAsync(spec, cancellationToken)).File;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return null;
        }
    }
}
