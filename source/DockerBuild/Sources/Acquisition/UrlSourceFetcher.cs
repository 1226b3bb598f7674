namespace DockerBuild.Sources.Acquisition;

/// <summary>The <c>url</c> kind: one pinned file from an http(s) URL.</summary>
public sealed class UrlSourceFetcher(PinnedDownload download)
{
    public Task<AcquiredSource> AcquireAsync(SourceSpec spec, CancellationToken cancellationToken)
    {
        var url = new Uri(spec.Url!);
        var last = Uri.UnescapeDataString(url.AbsolutePath.TrimEnd('/').Split('/')[^1]);
        var fileName = last.Length > 0 ? last : $"{spec.Name}-{spec.Version}";
        return download.FetchAsync(spec, url, fileName, cancellationToken);
    }
}
