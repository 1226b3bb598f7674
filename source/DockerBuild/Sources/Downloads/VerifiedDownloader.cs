using System.Net;
using System.Security.Cryptography;
using Polly;
using Polly.Retry;
using DockerBuild.Tools.IO;

namespace DockerBuild.Sources.Downloads;

/// <summary>
/// Downloads a file and vouches for its bytes: streamed to a temporary file beside the destination while its sha256
/// is computed, length and pin checked, and only then renamed into place. On any failure the temporary file is
/// deleted and the destination is untouched. Transient failures are retried with backoff; a wrong hash never is.
/// </summary>
public sealed class VerifiedDownloader(HttpClient http, DownloadRetryPolicy retryPolicy, IProgress<DownloadProgress>? progress = null)
{
    private readonly ResiliencePipeline _retry = BuildPipeline(retryPolicy);

    /// <summary>
    /// Downloads <paramref name="url"/> to <paramref name="destinationFile"/> when its sha256 equals <paramref name="expectedSha256"/>
    /// (null: a file being pinned, kept whatever its hash); returns the sha256 of what was kept.
    /// </summary>
    /// <param name="declaredAt">Where the pin was declared, named in a mismatch.</param>
    public async Task<string> DownloadAsync(Uri url, string destinationFile, string? expectedSha256, string declaredAt, CancellationToken cancellationToken = default)
    {
        var attempts = 0;
        try
        {
            return await _retry.ExecuteAsync(async token =>
            {
                attempts++;
                return await AttemptAsync(url, destinationFile, expectedSha256, declaredAt, token);
            }, cancellationToken);
        }
        catch (Exception e) when (IsTransient(e))
        {
            throw new SourceDownloadException($"download of {url} (declared at {declaredAt}) failed after {attempts} attempt(s): {Describe(e)}", e);
        }
    }

    /// <summary>The lowercase hex sha256 of a file.</summary>
    public static async Task<string> ComputeSha256Async(string file, CancellationToken cancellationToken = default)
    {
        await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
    }

    private async Task<string> AttemptAsync(Uri url, string destinationFile, string? expectedSha256, string declaredAt, CancellationToken cancellationToken)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(destinationFile))!;
        Directory.CreateDirectory(directory);
        var temporary = Path.Combine(directory, $".{Path.GetFileName(destinationFile)}.{Guid.NewGuid():N}.partial");
        using var stall = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        stall.CancelAfter(retryPolicy.StallTimeout);
        try
        {
            using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, stall.Token);
            if (!response.IsSuccessStatusCode)
            {
                var status = $"{(int)response.StatusCode} {response.ReasonPhrase}";
                if (IsTransientStatus(response.StatusCode)) throw new HttpRequestException($"server answered {status}", null, response.StatusCode);
                throw new SourceDownloadException($"download of {url} (declared at {declaredAt}) was refused: {status}");
            }

            var expectedLength = response.Content.Headers.ContentLength;
            // A download that cannot fit is said before its first byte, not minutes later when the disk fills.
            if (expectedLength is { } announced)
                DiskFullException.EnsureRoom(directory, announced, $"{url} is {DiskFullException.Mib(announced)} MiB (Content-Length); nothing was downloaded");
            var label = Path.GetFileName(destinationFile);
            long received = 0;
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            try
            {
                await using var output = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
                await using var body = await response.Content.ReadAsStreamAsync(stall.Token);
                var buffer = new byte[1 << 16];
                int read;
                while ((read = await body.ReadAsync(buffer, stall.Token)) > 0)
                {
                    stall.CancelAfter(retryPolicy.StallTimeout);
                    hash.AppendData(buffer, 0, read);
                    await output.WriteAsync(buffer.AsMemory(0, read), stall.Token);
                    received += read;
                    progress?.Report(new DownloadProgress(label, received, expectedLength, Completed: false));
                }
                await output.FlushAsync(stall.Token);
                output.Flush(flushToDisk: true);
            }
            catch (IOException e) when (DiskFullException.IsNoSpace(e))
            {
                // The partial file goes first, so the line says what is free once this run has left nothing behind.
                File.Delete(temporary);
                throw new DiskFullException(directory, expectedLength ?? received, DiskFullException.FreeBytes(directory), e);
            }
            if (expectedLength is { } length && length != received) throw new TruncatedDownloadException(url.ToString(), length, received);

            var actual = Convert.ToHexStringLower(hash.GetHashAndReset());
            if (expectedSha256 is not null && !actual.Equals(expectedSha256, StringComparison.OrdinalIgnoreCase))
                throw new SourceHashMismatchException(url.ToString(), expectedSha256.ToLowerInvariant(), actual, declaredAt);
            File.Move(temporary, destinationFile, overwrite: true);
            progress?.Report(new DownloadProgress(label, received, expectedLength, Completed: true));
            return actual;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"no data from {url} for {retryPolicy.StallTimeout.TotalSeconds:0} s");
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
    }

    /// <summary>
    /// The message with its causes: HttpClient's own ("An error occurred while sending the request.") says nothing
    /// about what went wrong; the inner one ("The response ended prematurely", "Connection refused") does.
    /// </summary>
    private static string Describe(Exception e)
    {
        var messages = new List<string>();
        for (Exception? current = e; current is not null; current = current.InnerException)
        {
            var message = current.Message.TrimEnd('.');
            if (!messages.Contains(message)) messages.Add(message);
        }
        return string.Join(": ", messages) + ".";
    }

    private static bool IsTransientStatus(HttpStatusCode code)
        => (int)code >= 500 || code is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests;

    // A full disk is an IOException too, but another attempt would fill it again.
    private static bool IsTransient(Exception e) => e is HttpRequestException or TimeoutException || e is IOException and not DiskFullException;

    private static ResiliencePipeline BuildPipeline(DownloadRetryPolicy policy)
    {
        if (policy.MaxRetries <= 0) return ResiliencePipeline.Empty;
        return new ResiliencePipelineBuilder().AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<Exception>(IsTransient),
            MaxRetryAttempts = policy.MaxRetries,
            Delay = policy.InitialDelay,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
        }).Build();
    }
}
