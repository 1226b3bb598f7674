using System.Net;

namespace DockerBuild.Tools.GitHub;

/// <summary>A call still refused by GitHub's rate limit after the bounded retries (or whose wait would be too long).</summary>
public sealed class GitHubRateLimitException(HttpStatusCode statusCode, string gitHubMessage, string method, Uri requestUri, DateTimeOffset? resetsAt, int attempts)
    : Exception($"GitHub {method} {requestUri} failed with {(int)statusCode} {statusCode}: {gitHubMessage} — rate limit still exhausted after "
        + $"{attempts} attempt(s); " + (resetsAt is { } r ? $"it resets at {r.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC" : "GitHub gave no reset time")
        + "; set GITHUB_TOKEN for a higher limit")
{
    public HttpStatusCode StatusCode { get; } = statusCode;
    /// <summary>The <c>message</c> field of GitHub's error body (or the raw body when it was not JSON).</summary>
    public string GitHubMessage { get; } = gitHubMessage;
    /// <summary>When GitHub says the limit resets (from <c>X-RateLimit-Reset</c> or <c>Retry-After</c>).</summary>
    public DateTimeOffset? ResetsAt { get; } = resetsAt;
    public int Attempts { get; } = attempts;
}
