using DockerBuild.Sources.Acquisition;
using DockerBuild.Sources.Interning;
using DockerBuild.Tools.Cipd;

namespace DockerBuild.Sources;

/// <summary>
/// The Sources step: for each declared source, reuse the store's <c>version:&lt;v&gt;</c> instance when it has one;
/// otherwise acquire and verify the source, pack it, and (with UploadSources) register and tag it. Nothing reaches
/// the store before its bytes are verified.
/// </summary>
public static class SourceInterning
{
    public static async Task<SourcesReport> RunAsync(IReadOnlyList<SourceSpec> sources, SourcesSettings settings, ICipdRepository repository,
        CancellationToken cancellationToken = default)
    {
        // Every declaration is checked before the first byte is fetched, so a typo fails fast.
        foreach (var spec in sources) SourceSpecRules.Validate(spec);
        var duplicate = sources.GroupBy(s => (s.Name, s.Version)).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new SourceSpecException(duplicate.Last(), $"{duplicate.Key.Name} {duplicate.Key.Version} is declared more than once "
                + $"(at {string.Join(", ", duplicate.Select(s => s.DeclaredAt))})");

        using var acquirer = new SourceAcquirer(settings);
        var builder = new SourcePackageBuilder(new SourceCache(settings.CacheDirectory));
        var entries = new List<SourceReportEntry>();
        foreach (var spec in sources)
            entries.Add(await InternAsync(spec, settings, repository, acquirer, builder, cancellationToken));
        return new SourcesReport(entries);
    }

    private static async Task<SourceReportEntry> InternAsync(SourceSpec spec, SourcesSettings settings, ICipdRepository repository,
        SourceAcquirer acquirer, SourcePackageBuilder builder, CancellationToken cancellationToken)
    {
        var existing = await SourcePackages.FindAsync(repository, spec.Name, spec.Version, cancellationToken);
        var identity = spec.PinRequested ? null : SourcePackages.IdentityTag(spec);
        if (existing is not null && identity is not null)
        {
            await RequireSameIdentityAsync(spec, repository, existing, identity, cancellationToken);
            settings.Log?.WriteLine($"  {spec.Name} {spec.Version}: already interned as {existing}");
            return new SourceReportEntry(spec.Name, spec.Version, spec.Kind, existing.InstanceId, SourceInternState.AlreadyInterned, null);
        }

        var acquired = await acquirer.AcquireAsync(spec, cancellationToken);
        if (spec.PinRequested)
        {
            var (file, line) = await SourcePinWriter.WriteAsync(spec, acquired.Sha256, cancellationToken);
            settings.Log?.WriteLine($"  {spec.Name} {spec.Version}: pinned sha256 {acquired.Sha256}, written into {file}:{line}; review and commit it");
            spec = spec with { Sha256 = acquired.Sha256, PinRequested = false };
            acquired = acquired with { Spec = spec };
            identity = SourcePackages.IdentityTag(spec);
        }
        var package = await builder.BuildAsync(acquired, cancellationToken);
        try
        {
            if (existing is not null)
            {
                // A local directory has no pin: the package it makes now must be the one interned under this version.
                if (existing.InstanceId != package.Pin.InstanceId)
                    throw new SourceSpecException(spec, $"the directory's content changed since version {spec.Version} was interned as {existing}; "
                        + $"it now packs to {package.Pin.InstanceId}. Give it a new version.");
                return new SourceReportEntry(spec.Name, spec.Version, spec.Kind, existing.InstanceId, SourceInternState.AlreadyInterned, acquired.File);
            }
            if (!settings.UploadSources)
            {
                settings.Log?.WriteLine($"  {spec.Name} {spec.Version}: verified, not interned ({package.Pin})");
                return new SourceReportEntry(spec.Name, spec.Version, spec.Kind, package.Pin.InstanceId, SourceInternState.NotInterned, acquired.File);
            }
            var registered = await repository.RegisterAsync(package.PackageFile, cancellationToken);
            if (registered != package.Pin)
                throw new CipdStoreException($"the store registered {registered} for {spec.Name} {spec.Version}, but the package built is {package.Pin}");
            await repository.SetTagsAsync(registered, identity is null ? [SourcePackages.VersionTag(spec.Version)] : [SourcePackages.VersionTag(spec.Version), identity],
                cancellationToken);
            settings.Log?.WriteLine($"  {spec.Name} {spec.Version}: interned as {registered}");
            return new SourceReportEntry(spec.Name, spec.Version, spec.Kind, registered.InstanceId, SourceInternState.Interned, acquired.File);
        }
        finally
        {
            SourceCache.DeleteTree(package.ScratchDirectory);
        }
    }

    private static async Task RequireSameIdentityAsync(SourceSpec spec, ICipdRepository repository, CipdPin existing, string identity, CancellationToken cancellationToken)
    {
        var key = identity[..(identity.IndexOf(':') + 1)];
        var description = await repository.DescribeAsync(existing, cancellationToken);
        var recorded = description.Tags.FirstOrDefault(t => t.StartsWith(key, StringComparison.Ordinal));
        if (recorded is not null && recorded != identity)
            throw new SourceSpecException(spec, $"version {spec.Version} is already interned as {existing} with {recorded}, "
                + $"but this declaration says {identity}; a changed source needs a new version");
    }
}
