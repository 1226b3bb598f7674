namespace DockerBuild.Specs;

/// <summary>
/// A <c>--platform</c> or <c>--wheel</c> pattern matched nothing; the message lists what would match.
/// </summary>
public sealed class SelectionException(string message) : Exception(message);
