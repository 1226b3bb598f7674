using System.Net;
using System.Text.Json;
using Docker.DotNet;

namespace DockerBuild.Tools.Engine;

/// <summary>
/// Turns the package's failures into the boundary's, so nothing above this folder sees the package's types: an error
/// status becomes the engine's own message (not the package's "Docker API responded with status code=…" wrapper), and
/// a connection that cannot be made names the endpoint and what to do.
/// </summary>
internal static class EngineErrors
{
    public static async Task<T> TranslateAsync<T>(Func<Task<T>> call, EngineConnection connection)
    {
        try
        {
            return await call();
        }
        catch (DockerApiException e)
        {
            throw FromStatus(e.StatusCode, e.ResponseBody, e);
        }
        catch (HttpRequestException e) when (e.StatusCode is null)
        {
            throw Unreachable(e, connection);
        }
    }

    public static async Task ThrowIfFailedAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode) return;
        throw FromStatus(response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken), null);
    }

    /// <summary>Whether a failure means the object is not (or no longer) there, or is being removed already.</summary>
    public static bool IsGoneOrBusy(DockerApiException e) => e.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Conflict;

    private static EngineException FromStatus(HttpStatusCode status, string? body, Exception? inner)
    {
        var message = EngineMessage(body, status);
        return status == HttpStatusCode.NotFound ? new EngineObjectNotFoundException(message, message, inner) : new EngineException(message, message, inner);
    }

    private static EngineUnreachableException Unreachable(HttpRequestException e, EngineConnection connection)
    {
        var endpoint = connection.Endpoint;
        var reason = endpoint.IsUnixSocket && !File.Exists(endpoint.SocketPath)
            ? $"there is no socket at {endpoint.SocketPath}"
            : Innermost(e).Message;
        reason = connection.DescribeFailure(reason);
        return new EngineUnreachableException(endpoint.ToString(),
            $"The Docker engine at {endpoint} is not reachable: {reason}. Start dockerd, or point DOCKER_HOST at a running engine (unix:///path/to/docker.sock or tcp://host:port).",
            reason, e);
    }

    private static string EngineMessage(string? body, HttpStatusCode status)
    {
        try
        {
            using var document = JsonDocument.Parse(body ?? "");
            if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("message", out var m) && m.GetString() is { } text)
                return text;
        }
        catch (JsonException)
        {
        }
        var trimmed = body?.Trim() ?? "";
        return trimmed.Length > 0 ? trimmed : $"HTTP {(int)status} {status}";
    }

    private static Exception Innermost(Exception e)
    {
        while (e.InnerException is not null) e = e.InnerException;
        return e;
    }
}
