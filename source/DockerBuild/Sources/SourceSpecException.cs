namespace DockerBuild.Sources;

/// <summary>A source declaration that cannot be acquired as written; names where it was declared and what is valid.</summary>
public sealed class SourceSpecException(SourceSpec spec, string problem)
    : Exception($"{(spec.DeclaredAt.Length > 0 ? spec.DeclaredAt : "source")}: source '{spec.Name}' ({spec.Kind.ToString().ToLowerInvariant()}): {problem}")
{
    public SourceSpec Spec { get; } = spec;
}
