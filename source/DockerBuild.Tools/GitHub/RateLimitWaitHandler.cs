using System.Globalization;
using System.Net;
using System.Text.Json;
using Polly;
using Polly.Retry;

namespace DockerBuild.Tools.GitHub;

/// <summary>
/// Waits out GitHub's rate limits a bounded number of times under every call (Octokit only throws on them): the
/// primary limit until its reset, a secondary one for its <c>Retry-After</c>. A limit still in force afterwards, or
/// one whose wait would exceed the bound, fails with <see cref="GitHubRateLimitException"/> naming the reset time.
/// </summary>
public sealed class RateLimitWaitHandler : DelegatingHandler
{
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;

    public RateLimitWaitHandler(GitHubClientOptions options, HttpMessageHandler inner) : base(inner)
        => _pipeline = new ResiliencePipelineBuilder<HttpResponseMessage>().AddRetry(new RetryStrategyOptions<HttpResponseMessage>
        {
            MaxRetryAttempts = Math.Max(1, options.MaxRateLimitRetries),
            ShouldHandle = args => ValueTask.FromResult(args.Outcome.Result is { } response
                && RateLimitResponse.From(response, DateTimeOffset.UtcNow) is { } limit && limit.Wait <= options.MaxRateLimitWait),
            DelayGenerator = args => ValueTask.FromResult(RateLimitResponse.From(args.Outcome.Result!, DateTimeOffset.UtcNow)?.Wait),
        }).Build();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var attempts = 0;
        var response = await _pipeline.ExecuteAsync(async token =>
        {
            attempts++;
            return await base.SendAsync(request, token);
        }, cancellationToken);
        if (RateLimitResponse.From(response, DateTimeOffset.UtcNow) is not { } limit) return response;
        using (response)
            throw new GitHubRateLimitException(response.StatusCode, await GitHubMessageAsync(response, cancellationToken),
                request.Method.Method, request.RequestUri!, limit.ResetsAt, attempts);
    }

    private static async Task<string> GitHubMessageAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = (await response.Content.ReadAsStringAsync(cancellationToken)).Trim();
        try
        {
            using var body = JsonDocument.Parse(text);
            if (body.RootElement.TryGetProperty("message", out var message) && message.GetString() is { Length: > 0 } m) return m;
        }
        catch (JsonException) { }
        return text.Length == 0 ? response.ReasonPhrase ?? "no message" : text.Length > 300 ? text[..300] + "…" : text;
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
