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
