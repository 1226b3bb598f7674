using System.Text.RegularExpressions;

namespace DockerBuild.Wheels;

/// <summary>
/// One exactly pinned build requirement of a wheel spec, <c>name==version</c>. <see cref="Key"/> is the PEP 503
/// normalised name, so <c>Cython==3.1.6</c> and <c>cython==3.1.6</c> are the same requirement.
/// </summary>
public sealed partial record BuildRequirement(string Name, string Version)
{
    /// <summary>The PEP 503 normalised name: lowercase, runs of <c>-_.</c> as one <c>-</c>.</summary>
    public string Key => Normalise(Name);

    public override string ToString() => $"{Name}=={Version}";

    /// <summary>Parses <c>name==version</c>; null when the text is not an exact pin.</summary>
    public static BuildRequirement? TryParse(string text)
    {
        var match = Pin().Match(text.Trim());
        return match.Success ? new BuildRequirement(match.Groups[1].Value, match.Groups[2].Value) : null;
    }

    /// <summary>PEP 503 name normalisation.</summary>
    public static string Normalise(string name) => Separators().Replace(name, "-").ToLowerInvariant();

    [GeneratedRegex(@"^([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*==\s*([0-9][A-Za-z0-9.+!_-]*)$")]
    private static partial Regex Pin();

    [GeneratedRegex(@"[-_.]+")]
    private static partial Regex Separators();
}
