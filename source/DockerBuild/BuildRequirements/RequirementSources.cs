namespace DockerBuild.BuildRequirements;

/// <summary>
/// Where build-requirement wheels may be fetched from the first time: a PEP 503 index (http(s) or file://) and
/// --find-links directories or pages. Empty means only the store (and the catalogue's own specs) can provide them.
/// </summary>
public sealed record RequirementSources(string? IndexUrl, IReadOnlyList<string> FindLinks)
{
    public bool Reachable => !string.IsNullOrEmpty(IndexUrl) || FindLinks.Count > 0;

    /// <summary>How the sources are named in messages (credentials in an index URL are not shown).</summary>
    public string Describe() => string.Join(" and ", new[]
    {
        string.IsNullOrEmpty(IndexUrl) ? null : $"the index {Tools.Pip.IndexCredentialsHandler.WithoutCredentials(new Uri(IndexUrl))}",
        FindLinks.Count == 0 ? null : $"--find-links {string.Join(", ", FindLinks)}",
    }.OfType<string>());
}
