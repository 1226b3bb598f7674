using DockerBuild.Tools.Docker;

namespace DockerBuild.Tools.Engine;

/// <summary>
/// The engine failed an operation or could not be reached. <see cref="Exception.Message"/> says what failed;
/// <see cref="EngineMessage"/> is the engine's own words (e.g. "manifest unknown").
/// </summary>
public class EngineException(string message, string engineMessage, Exception? inner = null) : Exception(message, inner)
{
    public string EngineMessage { get; } = engineMessage;
}

/// <summary>The engine has no such image, container or path.</summary>
public sealed class EngineObjectNotFoundException(string message, string engineMessage, Exception? inner = null)
    : EngineException(message, engineMessage, inner);

/// <summary>Nothing answers at the endpoint; the message names it and what to do.</summary>
public sealed class EngineUnreachableException(string endpoint, string message, string reason, Exception? inner = null)
    : EngineException(message, reason, inner)
{
    public string Endpoint { get; } = endpoint;

    /// <summary>Why, in a few words (e.g. "Connection refused").</summary>
    public string Reason => EngineMessage;
}

/// <summary>Turns the client's failures into the boundary's, so nothing above this folder sees the client's types.</summary>
internal static class EngineErrors
{
    public static async Task<T> TranslateAsync<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (DockerException e)
        {
            throw From(e);
        }
    }

    public static async Task TranslateAsync(Func<Task> call)
    {
        try
        {
            await call();
        }
        catch (DockerException e)
        {
            throw From(e);
        }
    }

    public static EngineException From(DockerException e) => e switch
    {
        DockerEngineUnreachableException unreachable => new EngineUnreachableException(unreachable.Endpoint, unreachable.Message,
            unreachable.InnerException?.InnerException?.Message ?? unreachable.InnerException?.Message ?? "unreachable", unreachable),
        DockerImageNotFoundException or DockerContainerNotFoundException => new EngineObjectNotFoundException(e.Message, ((DockerApiException)e).EngineMessage, e),
        DockerApiException { StatusCode: System.Net.HttpStatusCode.NotFound } api => new EngineObjectNotFoundException(api.Message, api.EngineMessage, api),
        DockerApiException api => new EngineException(api.Message, api.EngineMessage, api),
        DockerStreamErrorException stream => new EngineException(stream.Message, stream.EngineMessage, stream),
        _ => new EngineException(e.Message, e.Message, e),
    };
}
