using System.Text.RegularExpressions;

namespace DockerBuild.Uploads;

/// <summary>The release wheels are attached to, written <c>owner/repo@tag</c> (the <c>--github-release</c> value).</summary>
public sealed partial record GitHubReleaseTarget(string Owner, string Repository, string Tag)
{
    [GeneratedRegex(@"^(?<owner>[A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))/(?<repo>[A-Za-z0-9._-]{1,100})@(?<tag>[^\s@~^:?*\[\\]+)\z")]
    private static partial Regex Pattern();

    public static GitHubReleaseTarget Parse(string text)
    {
        var match = Pattern().Match(text ?? "");
        if (!match.Success)
            throw new UploadException($"--github-release '{text}' is not owner/repo@tag (e.g. octo-org/wheels@v1.2.0): "
                + "owner is letters, digits and '-'; repo also allows '.' and '_'; the tag is a git tag name");
        return new GitHubReleaseTarget(match.Groups["owner"].Value, match.Groups["repo"].Value, match.Groups["tag"].Value);
    }

    public override string ToString() => $"{Owner}/{Repository}@{Tag}";
}
