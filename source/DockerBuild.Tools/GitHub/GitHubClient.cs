using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace DockerBuild.Tools.GitHub;

/// <summary>
/// A small typed client of the GitHub REST API: releases, tags, tarballs and release assets, with Link-header
/// pagination and bounded waiting on rate limits. It knows nothing of what the build does with them.
/// </summary>
public sealed class GitHubClient : IDisposable
{
    private const string JsonMediaType = "application/vnd.github+json";
    private readonly GitHubClientOptions _options;
    private readonly HttpClient _http;

    public GitHubClient(GitHubClientOptions options, HttpMessageHandler? handler = null)
    {
        _options = options;
        // Redirects are followed by hand so a tarball's 302 can be reported, and so the token is never sent to
        // the host the redirect points at.
        _http = new HttpClient(handler ?? new SocketsHttpHandler { AllowAutoRedirect = false }, disposeHandler: true)
        {
            Timeout = TimeSpan.FromMinutes(10),
        };
    }

    /// <summary>Every release of owner/repo, newest first, across all pages.</summary>
    public Task<IReadOnlyList<GitHubRelease>> ListReleasesAsync(string owner, string repo, CancellationToken cancellationToken = default)
        => ListAllPagesAsync<GitHubRelease>(Api($"repos/{Escape(owner)}/{Escape(repo)}/releases?per_page={_options.PageSize}"), cancellationToken);

    /// <summary>The release for a tag, or null when there is none.</summary>
    public async Task<GitHubRelease?> GetReleaseByTagAsync(string owner, string repo, string tag, CancellationToken cancellationToken = default)
    {
        var uri = Api($"repos/{Escape(owner)}/{Escape(repo)}/releases/tags/{Escape(tag)}");
        using var response = await SendAsync(() => Request(HttpMethod.Get, uri), cancellationToken, allowNotFound: true);
        return response.StatusCode == HttpStatusCode.NotFound ? null : await ReadJsonAsync<GitHubRelease>(response, cancellationToken);
    }

    /// <summary>Every tag of owner/repo across all pages.</summary>
    public Task<IReadOnlyList<GitHubTag>> ListTagsAsync(string owner, string repo, CancellationToken cancellationToken = default)
        => ListAllPagesAsync<GitHubTag>(Api($"repos/{Escape(owner)}/{Escape(repo)}/tags?per_page={_options.PageSize}"), cancellationToken);

    /// <summary>Where GitHub redirects the tarball of a ref (tag, branch or commit) to.</summary>
    public async Task<Uri> GetTarballUrlAsync(string owner, string repo, string gitRef, CancellationToken cancellationToken = default)
    {
        var uri = Api($"repos/{Escape(owner)}/{Escape(repo)}/tarball/{Escape(gitRef)}");
        using var response = await SendAsync(() => Request(HttpMethod.Get, uri), cancellationToken, allowRedirect: true);
        if (IsRedirect(response.StatusCode) && response.Headers.Location is { } location)
            return location.IsAbsoluteUri ? location : new Uri(uri, location);
        // Some servers stream the archive directly instead of redirecting.
        return uri;
    }

    /// <summary>Downloads the tarball of a ref into <paramref name="destination"/>, following the redirect; returns the byte count.</summary>
    public async Task<long> DownloadTarballAsync(string owner, string repo, string gitRef, Stream destination, CancellationToken cancellationToken = default)
    {
        var target = await GetTarballUrlAsync(owner, repo, gitRef, cancellationToken);
        var sameHost = Uri.Compare(target, _options.BaseUrl, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0;
        using var response = await SendAsync(() => Request(HttpMethod.Get, target, withToken: sameHost), cancellationToken, streaming: true);
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        var before = destination.CanSeek ? destination.Position : 0;
        await body.CopyToAsync(destination, cancellationToken);
        return destination.CanSeek ? destination.Position - before : response.Content.Headers.ContentLength ?? -1;
    }

    /// <summary>Every asset of a release across all pages.</summary>
    public Task<IReadOnlyList<GitHubReleaseAsset>> ListReleaseAssetsAsync(string owner, string repo, long releaseId, CancellationToken cancellationToken = default)
        => ListAllPagesAsync<GitHubReleaseAsset>(Api($"repos/{Escape(owner)}/{Escape(repo)}/releases/{releaseId}/assets?per_page={_options.PageSize}"), cancellationToken);

    /// <summary>Uploads a file as a release asset to the release's <c>upload_url</c> (the uploads host).</summary>
    public async Task<GitHubReleaseAsset> UploadReleaseAssetAsync(GitHubRelease release, string filePath, string? assetName = null,
        string contentType = "application/octet-stream", CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(release.UploadUrl))
            throw new ArgumentException($"release {release.Id} ({release.TagName}) has no upload_url", nameof(release));
        if (!File.Exists(filePath)) throw new FileNotFoundException($"release asset '{filePath}' does not exist", filePath);
        var name = assetName ?? Path.GetFileName(filePath);
        var template = release.UploadUrl;
        var brace = template.IndexOf('{');
        var uri = new Uri((brace >= 0 ? template[..brace] : template) + "?name=" + Uri.EscapeDataString(name));
        using var response = await SendAsync(() =>
        {
            var request = Request(HttpMethod.Post, uri);
            var content = new StreamContent(File.OpenRead(filePath));
            content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
            content.Headers.ContentLength = new FileInfo(filePath).Length;
            request.Content = content;
            return request;
        }, cancellationToken);
        return await ReadJsonAsync<GitHubReleaseAsset>(response, cancellationToken);
    }

    /// <summary>Deletes a release asset.</summary>
    public async Task DeleteReleaseAssetAsync(string owner, string repo, long assetId, CancellationToken cancellationToken = default)
    {
        var uri = Api($"repos/{Escape(owner)}/{Escape(repo)}/releases/assets/{assetId}");
        using var _ = await SendAsync(() => Request(HttpMethod.Delete, uri), cancellationToken);
    }

    public void Dispose() => _http.Dispose();

    private async Task<IReadOnlyList<T>> ListAllPagesAsync<T>(Uri first, CancellationToken cancellationToken)
    {
        var items = new List<T>();
        var seen = new HashSet<Uri>();
        for (Uri? page = first; page is not null && seen.Add(page);)
        {
            var current = page;
            using var response = await SendAsync(() => Request(HttpMethod.Get, current), cancellationToken);
            items.AddRange(await ReadJsonAsync<List<T>>(response, cancellationToken));
            page = LinkHeader.FindNext(response.Headers, current);
        }
        return items;
    }

    /// <summary>Sends a request built afresh on each attempt, waiting out rate limits a bounded number of times.</summary>
    private async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> createRequest, CancellationToken cancellationToken,
        bool allowNotFound = false, bool allowRedirect = false, bool streaming = false)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var request = createRequest();
            var response = await _http.SendAsync(request,
                streaming ? HttpCompletionOption.ResponseHeadersRead : HttpCompletionOption.ResponseContentRead, cancellationToken);
            if (response.IsSuccessStatusCode
                || (allowRedirect && IsRedirect(response.StatusCode))
                || (allowNotFound && response.StatusCode == HttpStatusCode.NotFound))
                return response;

            using (response)
            {
                var (message, documentation) = await ReadErrorAsync(response, cancellationToken);
                var rateLimit = RateLimitResponse.From(response, DateTimeOffset.UtcNow);
                if (rateLimit is null)
                    throw new GitHubApiException(response.StatusCode, message, documentation, request.Method.Method, request.RequestUri!);
                if (attempt > _options.MaxRateLimitRetries || rateLimit.Wait > _options.MaxRateLimitWait)
                    throw new GitHubRateLimitException(response.StatusCode, message, request.Method.Method, request.RequestUri!, rateLimit.ResetsAt, attempt);
                await Task.Delay(rateLimit.Wait, cancellationToken);
            }
        }
    }

    private HttpRequestMessage Request(HttpMethod method, Uri uri, bool withToken = true)
    {
        var request = new HttpRequestMessage(method, uri);
        request.Headers.UserAgent.ParseAdd(_options.UserAgent);
        request.Headers.Accept.ParseAdd(JsonMediaType);
        request.Headers.Add("X-GitHub-Api-Version", _options.ApiVersion);
        if (withToken && _options.Token is { Length: > 0 } token)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }

    private Uri Api(string relative)
    {
        var root = _options.BaseUrl.AbsoluteUri.EndsWith('/') ? _options.BaseUrl : new Uri(_options.BaseUrl.AbsoluteUri + "/");
        return new Uri(root, relative);
    }

    private static string Escape(string segment) => Uri.EscapeDataString(segment);

    private static bool IsRedirect(HttpStatusCode code) => (int)code is >= 300 and < 400;

    private static async Task<T> ReadJsonAsync<T>(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        try
        {
            return JsonSerializer.Deserialize<T>(text) ?? throw new JsonException("the body is JSON null");
        }
        catch (JsonException e)
        {
            throw new GitHubApiException(response.StatusCode, $"response is not the expected {typeof(T).Name} JSON: {e.Message}", null,
                response.RequestMessage?.Method.Method ?? "?", response.RequestMessage?.RequestUri ?? new Uri("about:blank"));
        }
    }

    private static async Task<(string Message, string? DocumentationUrl)> ReadErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        try
        {
            var body = JsonSerializer.Deserialize<GitHubErrorBody>(text);
            if (body?.Message is { Length: > 0 } m) return (m, body.DocumentationUrl);
        }
        catch (JsonException) { }
        var raw = text.Trim();
        return (raw.Length == 0 ? response.ReasonPhrase ?? "no message" : raw.Length > 300 ? raw[..300] + "…" : raw, null);
    }
}

/// <summary>How long GitHub asks a rate-limited caller to wait (primary limit: reset time; secondary: Retry-After).</summary>
internal sealed record RateLimitResponse(TimeSpan Wait, DateTimeOffset? ResetsAt)
{
    public static RateLimitResponse? From(HttpResponseMessage response, DateTimeOffset now)
    {
        if (response.StatusCode is not (HttpStatusCode.Forbidden or HttpStatusCode.TooManyRequests)) return null;
        if (response.Headers.RetryAfter is { } retryAfter)
        {
            var wait = retryAfter.Delta ?? (retryAfter.Date is { } date ? date - now : TimeSpan.Zero);
            if (wait < TimeSpan.Zero) wait = TimeSpan.Zero;
            return new RateLimitResponse(wait, now + wait);
        }
        var remaining = Header(response, "X-RateLimit-Remaining");
        if (remaining != "0") return null; // a plain 403 (permissions) is not a rate limit
        DateTimeOffset? resetsAt = long.TryParse(Header(response, "X-RateLimit-Reset"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var epoch)
            ? DateTimeOffset.FromUnixTimeSeconds(epoch)
            : null;
        // One second beyond the reset absorbs clock skew between here and GitHub.
        var until = resetsAt is { } r ? r - now + TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(60);
        return new RateLimitResponse(until < TimeSpan.Zero ? TimeSpan.Zero : until, resetsAt);
    }

    private static string? Header(HttpResponseMessage response, string name)
        => response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}
