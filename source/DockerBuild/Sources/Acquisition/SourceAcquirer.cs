using DockerBuild.Sources.Downloads;
using DockerBuild.Tools.GitHub;
using DockerBuild.Tools.Pip;

namespace DockerBuild.Sources.Acquisition;

/// <summary>
/// Brings any declared source into the download cache, verified, by its kind. Index and GitHub clients are only
/// created when a source of that kind is asked for, so a missing index configuration hurts only pypi sources.
/// </summary>
public sealed class SourceAcquirer : IDisposable
{
    private readonly SourcesSettings _settings;
    private readonly HttpClient _http;
    private readonly SourceCache _cache;
    private readonly PinnedDownload _download;
    private readonly Lazy<(SimpleIndexClient Index, PinnedDownload Download, HttpClient Http)> _index;
    private readonly GitHubClientOptions _gitHubOptions;
    private readonly Lazy<(PinnedDownload Download, HttpClient Http)> _gitHub;

    public SourceAcquirer(SourcesSettings settings)
    {
        _settings = settings;
        // Stalls are detected per read by the downloader; a whole-request timeout would cut large downloads.
        _http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd("DockerBuild-sources");
        _cache = new SourceCache(settings.CacheDirectory);
        _download = new PinnedDownload(_cache, new VerifiedDownloader(_http, settings.Retry, settings.Progress), settings.Log);
        _index = new(() =>
        {
            var indexUrl = IndexUrlResolver.Resolve(settings.IndexUrl, settings.PipConfiguration ?? PipIndexConfiguration.FromHost());
            // The index's own client, so credentials in its URL reach the index host and no other.
            var http = new HttpClient(new IndexCredentialsHandler(indexUrl, new SocketsHttpHandler())) { Timeout = Timeout.InfiniteTimeSpan };
            http.DefaultRequestHeaders.UserAgent.ParseAdd("DockerBuild-sources");
            var download = new PinnedDownload(_cache, new VerifiedDownloader(http, settings.Retry, settings.Progress), settings.Log);
            return (new SimpleIndexClient(http, IndexCredentialsHandler.WithoutCredentials(indexUrl)), download, http);
        });
        var gitHub = GitHubClientOptions.FromEnvironment(settings.GitHubApiUrl);
        _gitHubOptions = settings.GitHubToken is null ? gitHub : gitHub with { Token = settings.GitHubToken };
        _gitHub = new(() =>
        {
            // GitHub's own client, so the token reaches the API and never the archive host it redirects to.
            var http = GitHubConnection.CreateDownloadClient(_gitHubOptions);
            return (new PinnedDownload(_cache, new VerifiedDownloader(http, settings.Retry, settings.Progress), settings.Log), http);
        });
    }

    /// <summary>The verified cache file of <paramref name="spec"/>, fetching it when the cache does not hold it.</summary>
    public Task<AcquiredSource> AcquireAsync(SourceSpec spec, CancellationToken cancellationToken = default)
    {
        SourceSpecRules.Validate(spec);
        return spec.Kind switch
        {
            SourceKind.Url => new UrlSourceFetcher(_download).AcquireAsync(spec, cancellationToken),
            SourceKind.Pypi => new PypiSourceFetcher(() => _index.Value.Download, () => _index.Value.Index).AcquireAsync(spec, cancellationToken),
            SourceKind.Github => new GitHubSourceFetcher(() => _gitHub.Value.Download, _gitHubOptions).AcquireAsync(spec, cancellationToken),
            SourceKind.Git => new GitSourceFetcher(_cache, _settings.Log).AcquireAsync(spec, cancellationToken),
            SourceKind.Local => new LocalSourceFetcher(_cache, _settings.RootDirectory).AcquireAsync(spec, cancellationToken),
            _ => throw new SourceSpecException(spec, $"kind '{spec.Kind}' is not one of url, pypi, github, git, local"),
        };
    }

    public void Dispose()
    {
        if (_gitHub.IsValueCreated) _gitHub.Value.Http.Dispose();
        if (_index.IsValueCreated) _index.Value.Http.Dispose();
        _http.Dispose();
    }
}
