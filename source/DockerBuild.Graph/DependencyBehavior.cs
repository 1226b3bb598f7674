namespace DockerBuild.Graph;

/// <summary>What happens to a skipped target's dependencies (see <see cref="ITargetDefinition.WhenSkipped"/>).</summary>
public enum DependencyBehavior
{
    /// <summary>The dependencies still run (the default).</summary>
    Execute,
    /// <summary>Dependencies needed only by skipped targets are skipped as well.</summary>
    Skip,
}
