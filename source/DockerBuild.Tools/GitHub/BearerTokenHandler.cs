using System.Net.Http.Headers;
using Octokit.Internal;

namespace DockerBuild.Tools.GitHub;

/// <summary>
/// Sends the token with every request made first-hand, and never along a redirect that leaves the API's origin
/// (scheme, host and port). Octokit alone keeps it on a redirect to the same host name on another port or scheme.
/// </summary>
public sealed class BearerTokenHandler(Uri apiBase, string? token, HttpMessageHandler inner) : DelegatingHandler(inner)
{
    // Octokit marks each request it re-sends after a redirect with this option.
    private static readonly HttpRequestOptionsKey<object> RedirectHop = new(HttpClientAdapter.RedirectCountKey);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var redirected = request.Options.TryGetValue(RedirectHop, out _);
        var sameOrigin = Uri.Compare(request.RequestUri, apiBase, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0;
        request.Headers.Authorization = token is { Length: > 0 } && (!redirected || sameOrigin) ? new AuthenticationHeaderValue("Bearer", token) : null;
        return base.SendAsync(request, cancellationToken);
    }
}
