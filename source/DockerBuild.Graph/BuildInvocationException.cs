namespace DockerBuild.Graph;

/// <summary>
/// The invocation itself is wrong (unknown target or option, bad parameter value, missing requirement, cycle):
/// reported as one message without a stack trace, before any target runs.
/// </summary>
public sealed class BuildInvocationException(string message) : Exception(message);
