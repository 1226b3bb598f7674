namespace DockerBuild.Packaging;

/// <summary>A wheel's name, tags or version cannot be mapped to a package or ordered; the message says which and why.</summary>
public sealed class PackagingException(string message) : Exception(message);
