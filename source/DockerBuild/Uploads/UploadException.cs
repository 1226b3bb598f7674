namespace DockerBuild.Uploads;

/// <summary>An upload that must not go ahead: a package clash, a conflicting instance, a version that cannot be ordered.</summary>
public sealed class UploadException(string message) : Exception(message);
