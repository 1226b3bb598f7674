using DockerBuild.Tools.Cipd;

namespace DockerBuild.Sources.Interning;

/// <summary>How sources are named and tagged in the CIPD store, and how later steps find a source's package.</summary>
public static class SourcePackages
{
    public const string Prefix = "infra/third_party/source/";

    /// <summary><c>infra/third_party/source/&lt;name&gt;</c>.</summary>
    public static string PackageName(string sourceName) => Prefix + sourceName;

    /// <summary><c>version:&lt;version&gt;</c>, the tag a source is found by.</summary>
    public static string VersionTag(string version) => "version:" + version;

    /// <summary>
    /// The tag that says which bytes the version stands for (the sha256 pin, or the git commit); a store instance
    /// whose identity tag disagrees with the declaration is refused rather than silently reused. Null for local sources,
    /// whose identity is the instance ID itself.
    /// </summary>
    public static string? IdentityTag(SourceSpec spec) => spec.Kind switch
    {
        SourceKind.Url or SourceKind.Pypi or SourceKind.Github => "source_sha256:" + spec.Sha256!.ToLowerInvariant(),
        SourceKind.Git => "source_commit:" + spec.Commit!.ToLowerInvariant(),
        _ => null,
    };

    /// <summary>The store's instance of a source, or null when it has not been interned.</summary>
    public static Task<CipdPin?> FindAsync(ICipdRepository repository, string sourceName, string version, CancellationToken cancellationToken = default)
        => repository.ResolveAsync(PackageName(sourceName), VersionTag(version), cancellationToken);

    /// <summary>The store's instance of a source; throws naming the source and the fix when it is missing.</summary>
    public static async Task<CipdPin> RequireAsync(ICipdRepository repository, string sourceName, string version, CancellationToken cancellationToken = default)
        => await FindAsync(repository, sourceName, version, cancellationToken)
           ?? throw new SourceNotInternedException(sourceName, version);
}

/// <summary>A source a later step needs that the store does not hold.</summary>
public sealed class SourceNotInternedException(string name, string version)
    : Exception($"source '{name}' {version} is not in the package store as {SourcePackages.PackageName(name)} {SourcePackages.VersionTag(version)}; "
                + "run the Sources target with --upload-sources to intern it")
{
    public string Name { get; } = name;
    public string Version { get; } = version;
}
