namespace DockerBuild.Prerequisites;

/// <summary>What one check found; <see cref="Remedies"/> is empty when it is satisfied.</summary>
public sealed record CheckFinding(string Name, string Found, IReadOnlyList<Remedy> Remedies)
{
    public bool Satisfied => Remedies.Count == 0;
}
