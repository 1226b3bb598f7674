namespace DockerBuild.Sources.Downloads;

/// <summary>How transient download failures (5xx, 408/429, resets, stalls, truncation) are retried.</summary>
public sealed record DownloadRetryPolicy
{
    /// <summary>Retries after the first attempt.</summary>
    public int MaxRetries { get; init; } = 3;
    /// <summary>First backoff; doubles each retry (with jitter).</summary>
    public TimeSpan InitialDelay { get; init; } = TimeSpan.FromSeconds(1);
    /// <summary>No bytes for this long counts as a timeout.</summary>
    public TimeSpan StallTimeout { get; init; } = TimeSpan.FromSeconds(60);
}
