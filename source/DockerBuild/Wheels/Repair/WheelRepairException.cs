namespace DockerBuild.Wheels.Repair;

/// <summary>A wheel that cannot be made to satisfy its platform's policy; the message names the files, libraries and why.</summary>
public sealed class WheelRepairException(string message) : Exception(message);
