using System.Net;

namespace DockerBuild.Tools.Docker;

/// <summary>Anything the Docker helper reports as a failure of the engine or of talking to it.</summary>
public abstract class DockerException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>The engine answered with an error status; <see cref="Exception.Message"/> is the engine's own message.</summary>
public class DockerApiException(HttpStatusCode statusCode, string engineMessage)
    : DockerException(engineMessage)
{
    public HttpStatusCode StatusCode { get; } = statusCode;
    /// <summary>The engine's message, e.g. "manifest unknown" or "No such image: x:y".</summary>
    public string EngineMessage { get; } = engineMessage;
}

/// <summary>The engine has no such image (HTTP 404 on an image endpoint).</summary>
public sealed class DockerImageNotFoundException(string image, string engineMessage)
    : DockerApiException(HttpStatusCode.NotFound, engineMessage)
{
    public string Image { get; } = image;
}

/// <summary>The engine has no such container (HTTP 404 on a container endpoint).</summary>
public sealed class DockerContainerNotFoundException(string container, string engineMessage)
    : DockerApiException(HttpStatusCode.NotFound, engineMessage)
{
    public string Container { get; } = container;
}

/// <summary>An <c>error</c> inside a streamed JSON progress reply (pull, push, build, import).</summary>
public sealed class DockerStreamErrorException(string operation, string engineMessage, int? code)
    : DockerException($"{operation} failed: {engineMessage}")
{
    public string EngineMessage { get; } = engineMessage;
    public int? Code { get; } = code;
}

/// <summary>Nothing answers at the endpoint (no socket, connection refused, TLS handshake rejected).</summary>
public sealed class DockerEngineUnreachableException(string endpoint, string reason, Exception? inner = null)
    : DockerException($"The Docker engine at {endpoint} is not reachable: {reason}. Start dockerd, or point DOCKER_HOST at a running engine (unix:///path/to/docker.sock or tcp://host:port).", inner)
{
    public string Endpoint { get; } = endpoint;
}
