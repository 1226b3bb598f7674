using Octokit;
using Octokit.Internal;

namespace DockerBuild.Tools.GitHub;

/// <summary>
/// Builds Octokit's client on the API root as given (Octokit's own constructor appends <c>api/v3/</c> to any host
/// but github.com), with the token and rate-limit handlers under it; and an <see cref="HttpClient"/> on the same
/// handlers for API URLs that redirect to a download (tag tarballs).
/// </summary>
public static class GitHubConnection
{
    public static GitHubClient CreateClient(GitHubClientOptions options)
    {
        // The token is set by BearerTokenHandler, so Octokit itself stays anonymous.
        var http = new HttpClientAdapter(() => Handlers(options, new SocketsHttpHandler { AllowAutoRedirect = false }));
        // Uploading a large wheel can outlast HttpClient's 100-second default.
        http.SetRequestTimeout(TimeSpan.FromMinutes(10));
        return new GitHubClient(new Connection(new ProductHeaderValue(options.UserAgent), ApiRoot(options),
            new InMemoryCredentialStore(Credentials.Anonymous), http, new SimpleJsonSerializer()));
    }

    /// <summary>A client for downloads through API URLs: redirects are followed below the token handler, so never with it.</summary>
    public static HttpClient CreateDownloadClient(GitHubClientOptions options)
    {
        var client = new HttpClient(Handlers(options, new SocketsHttpHandler { AllowAutoRedirect = true })) { Timeout = Timeout.InfiniteTimeSpan };
        client.DefaultRequestHeaders.UserAgent.ParseAdd(options.UserAgent);
        return client;
    }

    /// <summary>The absolute URL of an API path such as Octokit's <see cref="ApiUrls"/> give.</summary>
    public static Uri Url(GitHubClientOptions options, Uri apiPath) => new(ApiRoot(options), apiPath);

    private static HttpMessageHandler Handlers(GitHubClientOptions options, HttpMessageHandler transport)
        => new RateLimitWaitHandler(options, new BearerTokenHandler(options.BaseUrl, options.Token, transport));

    // Relative API paths resolve under the root only when it ends with a slash.
    private static Uri ApiRoot(GitHubClientOptions options)
        => options.BaseUrl.AbsoluteUri.EndsWith('/') ? options.BaseUrl : new Uri(options.BaseUrl.AbsoluteUri + "/");
}
