using DockerBuild.Builds;
using DockerBuild.Builds.Outputs;
using DockerBuild.Packaging;
using DockerBuild.Sources;
using DockerBuild.Sources.Acquisition;
using DockerBuild.Sources.Interning;
using DockerBuild.Tools.Cipd.Inspection;
using DockerBuild.Uploads;

namespace DockerBuild.StoreCare;

/// <summary>A package file rebuilt from a verified copy, with the same instance ID as the damaged one; where it came from.</summary>
public sealed record RecoveredPackage(string PackageFile, string From);

/// <summary>
/// Finds a verified copy of a store instance: a declared source is acquired again (the Sources cache file when it still
/// matches its pin, else a download against the pin; a local or git source is re-packed) and packed; a wheel is packed
/// again from an output whose record matches its bytes and the instance's build key. Only a package with exactly the
/// damaged instance's ID counts, so nothing unverified reaches the store.
/// </summary>
public sealed class VerifiedCopies(IReadOnlyList<SourceSpec> declaredSources, SourcesSettings sourcesSettings, string wheelsDirectory, string scratchDirectory)
    : IDisposable
{
    private SourceAcquirer? _acquirer;

    /// <summary>The rebuilt package file, or null with the reason none could be made.</summary>
    public async Task<(RecoveredPackage? Package, string Reason)> FindAsync(CheckedInstance instance, CancellationToken cancellationToken)
    {
        if (instance.Pin.Package.StartsWith(SourcePackages.Prefix, StringComparison.Ordinal)) return await FromSourceAsync(instance, cancellationToken);
        if (instance.Pin.Package.StartsWith(WheelPackageNames.Prefix + "/", StringComparison.Ordinal)) return await FromOutputsAsync(instance, cancellationToken);
        return (null, "no verified copy of this kind of package is kept outside the store");
    }

    private async Task<(RecoveredPackage?, string)> FromSourceAsync(CheckedInstance instance, CancellationToken cancellationToken)
    {
        var name = instance.Pin.Package[SourcePackages.Prefix.Length..];
        var version = TagValue(instance, "version:");
        var spec = declaredSources.FirstOrDefault(s => s.Name == name && s.Version == version);
        if (spec is null) return (null, $"no wheel spec declares source {name} {version ?? "(no version tag)"} any more; run Sources --upload-sources for what is declared");
        AcquiredSource acquired;
        try
        {
            _acquirer ??= new SourceAcquirer(sourcesSettings);
            acquired = await _acquirer.AcquireAsync(spec, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return (null, $"the declared source could not be acquired again ({e.Message})");
        }
        var package = await new SourcePackageBuilder(new SourceCache(sourcesSettings.CacheDirectory)).BuildAsync(acquired, cancellationToken);
        var kept = Path.Combine(NewScratch(), Path.GetFileName(package.PackageFile));
        File.Move(package.PackageFile, kept);
        SourceCache.DeleteTree(package.ScratchDirectory);
        if (package.Pin.InstanceId != instance.Pin.InstanceId)
            return (null, $"the declared source now packs to {package.Pin.InstanceId}, another instance");
        var from = spec.Kind switch
        {
            SourceKind.Local => $"re-packed from its local directory {LocalSourceFetcher.ResolveDirectory(spec, sourcesSettings.RootDirectory)}",
            SourceKind.Git => $"re-packed from git commit {spec.Commit}",
            _ when acquired.Reused => $"re-interned from the Sources cache file {acquired.File}, which matches its pin",
            _ => "downloaded again and checked against its sha256 pin",
        };
        return (new RecoveredPackage(kept, from), "");
    }

    private async Task<(RecoveredPackage?, string)> FromOutputsAsync(CheckedInstance instance, CancellationToken cancellationToken)
    {
        var buildKey = TagValue(instance, "build_key:");
        if (buildKey is null) return (null, "the instance has no build_key tag to find its output by");
        foreach (var wheel in await VerifiedOutputsAsync(cancellationToken))
        {
            if (wheel.BuildKey != buildKey) continue;
            var packageFile = Path.Combine(NewScratch(), "wheel.cipd");
            var pin = await WheelUpload.PackAsync(wheel, instance.Pin.Package, packageFile, cancellationToken);
            if (pin.InstanceId == instance.Pin.InstanceId)
                return (new RecoveredPackage(packageFile, $"re-registered from the output {wheel.WheelFile}, whose record matches its bytes"), "");
        }
        return (null, $"no output under {wheelsDirectory} with build key {buildKey} matches its record and packs to this instance; run BuildWheel and Upload --upload");
    }

    private IReadOnlyList<BuiltWheel>? _outputs;

    private async Task<IReadOnlyList<BuiltWheel>> VerifiedOutputsAsync(CancellationToken cancellationToken)
    {
        if (_outputs is not null) return _outputs;
        var found = new List<BuiltWheel>();
        if (Directory.Exists(wheelsDirectory))
            foreach (var file in Directory.EnumerateFiles(wheelsDirectory, "*.whl", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                try { found.Add(await BuiltWheelSidecar.ReadAsync(file, cancellationToken)); }
                catch (BuiltWheelException) { /* a damaged output is no verified copy */ }
            }
        return _outputs = found;
    }

    private static string? TagValue(CheckedInstance instance, string key) =>
        instance.Tags.FirstOrDefault(t => t.StartsWith(key, StringComparison.Ordinal))?[key.Length..];

    private string NewScratch()
    {
        var directory = Path.Combine(scratchDirectory, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        return directory;
    }

    public void Dispose() => _acquirer?.Dispose();
}
