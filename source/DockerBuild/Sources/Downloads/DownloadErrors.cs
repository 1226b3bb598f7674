namespace DockerBuild.Sources.Downloads;

/// <summary>Downloaded bytes whose sha256 is not the pinned one. Never retried: the bytes on offer are wrong.</summary>
public sealed class SourceHashMismatchException(string url, string expectedSha256, string actualSha256, string declaredAt)
    : Exception($"sha256 mismatch for {url}: expected {expectedSha256} (pinned at {(declaredAt.Length > 0 ? declaredAt : "an unknown place")}), "
                + $"got {actualSha256}. The download was discarded; if the new bytes are trusted, update the pin.")
{
    public string Url { get; } = url;
    public string ExpectedSha256 { get; } = expectedSha256;
    public string ActualSha256 { get; } = actualSha256;
    public string DeclaredAt { get; } = declaredAt;
}

/// <summary>A body shorter or longer than its Content-Length said (counted as transient: retried, then reported).</summary>
public sealed class TruncatedDownloadException(string url, long expectedBytes, long receivedBytes)
    : IOException($"download of {url} ended after {receivedBytes} bytes but Content-Length said {expectedBytes}")
{
    public long ExpectedBytes { get; } = expectedBytes;
    public long ReceivedBytes { get; } = receivedBytes;
}

/// <summary>A download that failed for good (after retries when the failure looked transient).</summary>
public sealed class SourceDownloadException(string message, Exception? inner = null) : Exception(message, inner);
