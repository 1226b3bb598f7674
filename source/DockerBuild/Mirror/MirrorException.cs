namespace DockerBuild.Mirror;

/// <summary>Mirroring a platform's base image cannot proceed; the message names the platform, image and what to change.</summary>
public sealed class MirrorException(string message, Exception? inner = null) : Exception(message, inner);
