namespace DockerBuild.Wheels.Policy;

/// <summary>ELF files that break the policy in a way grafting cannot fix (e.g. they use private glibc symbols).</summary>
public sealed class ManylinuxPolicyException(string message) : Exception(message);
