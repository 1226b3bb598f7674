using System.Net.Http.Headers;
using System.Text;

namespace DockerBuild.Tools.Pip;

/// <summary>
/// Sends the credentials of an index URL written as <c>https://user:token@host/simple/</c> (as pip accepts it) with
/// every request to that same scheme, host and port — and to nothing else, as pip does.
/// </summary>
public sealed class IndexCredentialsHandler : DelegatingHandler
{
    private readonly Uri _origin;
    private readonly AuthenticationHeaderValue? _authorization;

    public IndexCredentialsHandler(Uri indexUrl, HttpMessageHandler innerHandler) : base(innerHandler)
    {
        _origin = indexUrl;
        if (indexUrl.UserInfo.Length > 0)
        {
            var userInfo = string.Join(':', indexUrl.UserInfo.Split(':', 2).Select(Uri.UnescapeDataString));
            _authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(userInfo)));
        }
    }

    /// <summary>The index URL with any credentials removed, safe to print and to request.</summary>
    public static Uri WithoutCredentials(Uri indexUrl)
        => indexUrl.UserInfo.Length == 0 ? indexUrl : new UriBuilder(indexUrl) { UserName = "", Password = "" }.Uri;

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (_authorization is not null && request.Headers.Authorization is null && request.RequestUri is { } uri
            && Uri.Compare(uri, _origin, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0)
            request.Headers.Authorization = _authorization;
        return base.SendAsync(request, cancellationToken);
    }
}
