namespace DockerBuild.Prerequisites;

/// <summary>A prerequisite is missing and cannot be installed here; the message lists the commands that would fix it.</summary>
public sealed class PrerequisiteException(string message) : Exception(message);
