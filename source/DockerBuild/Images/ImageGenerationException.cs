namespace DockerBuild.Images;

/// <summary>GenerateImage failed for a platform; the message names the platform and the log file.</summary>
public sealed class ImageGenerationException(string message, Exception inner) : Exception(message, inner);
