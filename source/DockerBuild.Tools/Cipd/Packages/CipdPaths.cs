namespace DockerBuild.Tools.Cipd.Packages;

/// <summary>Slash-path rules shared by the builder, the definition loader and the deployer.</summary>
public static class CipdPaths
{
    /// <summary>A non-empty relative slash path with no empty, "." or ".." component and no backslash.</summary>
    public static bool IsCleanRelative(string path) =>
        path.Length > 0 && !path.StartsWith('/') && !path.Contains('\\') &&
        path.Split('/').All(component => component.Length > 0 && component != "." && component != "..");
}
