namespace DockerBuild.Tools.GitHub;

/// <summary>How to reach the GitHub REST API; tests point <see cref="BaseUrl"/> at a loopback fake.</summary>
public sealed record GitHubClientOptions
{
    /// <summary>The API root, used exactly as given (GitHub Enterprise's <c>https://host/api/v3/</c>, or a test fake).</summary>
    public Uri BaseUrl { get; init; } = new("https://api.github.com/");
    /// <summary>Sent as <c>Authorization: Bearer</c> when set; never printed.</summary>
    public string? Token { get; init; }
    public string UserAgent { get; init; } = "DockerBuild";
    /// <summary>How many times a rate-limited call is retried after waiting (at least 1).</summary>
    public int MaxRateLimitRetries { get; init; } = 3;
    /// <summary>A wait longer than this fails at once (naming the reset time) rather than hanging the build.</summary>
    public TimeSpan MaxRateLimitWait { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Options with the token taken from <c>GITHUB_TOKEN</c> when it is set.</summary>
    public static GitHubClientOptions FromEnvironment(Uri? baseUrl = null)
    {
        var token = Environment.GetEnvironmentVariable("GITHUB_TOKEN");
        var options = new GitHubClientOptions { Token = string.IsNullOrWhiteSpace(token) ? null : token.Trim() };
        return baseUrl is null ? options : options with { BaseUrl = baseUrl };
    }
}
