namespace DockerBuild.Graph.Definition;

/// <summary>Target names match case-insensitively with dashes and underscores ignored (<c>build-wheel</c> = <c>BuildWheel</c>).</summary>
internal static class TargetName
{
    public static string Normalize(string name) =>
        new(name.Where(c => c != '-' && c != '_').Select(char.ToLowerInvariant).ToArray());

    public static bool Matches(string given, string declared) => Normalize(given) == Normalize(declared);
}
