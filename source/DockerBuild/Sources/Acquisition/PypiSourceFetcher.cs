using DockerBuild.Tools.Pip;

namespace DockerBuild.Sources.Acquisition;

/// <summary>The <c>pypi</c> kind: the sdist of project==version, found through the index's simple API.</summary>
public sealed class PypiSourceFetcher(Func<PinnedDownload> download, Func<SimpleIndexClient> index)
{
    private static readonly string[] SdistSuffixes = [".tar.gz", ".zip", ".tar.bz2", ".tar.xz", ".tgz"];

    public async Task<AcquiredSource> AcquireAsync(SourceSpec spec, CancellationToken cancellationToken)
    {
        var project = spec.Package ?? spec.Name;
        var files = await index().ListFilesAsync(project, cancellationToken);
        var sdist = files.Where(f => IsSdistOf(f.FileName, project, spec.Version)).OrderBy(f => f.Yanked).FirstOrDefault()
            ?? throw new SourceSpecException(spec, $"the package index lists no sdist of {project}=={spec.Version} "
                + $"(it lists {files.Count} file(s){(files.Count > 0 ? ", e.g. " + string.Join(", ", files.Take(5).Select(f => f.FileName)) : "")})");
        // A source being pinned is checked against the hash the index states, when it states one.
        if (spec.Sha256 is null && sdist.Sha256 is { } listed) spec = spec with { Sha256 = listed.ToLowerInvariant() };
        if (sdist.Sha256 is { } stated && !stated.Equals(spec.Sha256, StringComparison.OrdinalIgnoreCase))
            throw new SourceSpecException(spec, $"the index states sha256 {stated} for {sdist.FileName} but the pin is {spec.Sha256!.ToLowerInvariant()}; "
                + "nothing was downloaded");
        return await download().FetchAsync(spec, sdist.Url, sdist.FileName, cancellationToken);
    }

    /// <summary>Whether <paramref name="fileName"/> is an sdist named <c>{project}-{version}.{ext}</c> (PEP 625 or older spellings).</summary>
    public static bool IsSdistOf(string fileName, string project, string version)
    {
        var suffix = SdistSuffixes.FirstOrDefault(s => fileName.EndsWith(s, StringComparison.OrdinalIgnoreCase));
        if (suffix is null) return false;
        var stem = fileName[..^suffix.Length];
        var dash = stem.LastIndexOf('-');
        if (dash <= 0) return false;
        return SimpleIndexClient.NormalizeName(stem[..dash]) == SimpleIndexClient.NormalizeName(project) && stem[(dash + 1)..] == version;
    }
}
