using System.Text.RegularExpressions;
using DockerBuild.Tools.Cipd;

namespace DockerBuild.Sources;

/// <summary>The fields each source kind needs, checked before anything is fetched.</summary>
public static partial class SourceSpecRules
{
    /// <summary>Throws <see cref="SourceSpecException"/> naming the first missing or malformed field.</summary>
    public static void Validate(SourceSpec spec)
    {
        if (!NamePattern().IsMatch(spec.Name))
            Fail(spec, $"name '{spec.Name}' is not valid: use lowercase letters, digits, '.', '_' and '-' (it becomes a package path)");
        if (string.IsNullOrWhiteSpace(spec.Version) || spec.Version.Any(c => char.IsWhiteSpace(c) || c is ':' or '/'))
            Fail(spec, $"version '{spec.Version}' is not valid: it must be non-empty without spaces, ':' or '/'");
        if (CipdNames.ValidateTag("version:" + spec.Version) is { } tagProblem)
            Fail(spec, $"version '{spec.Version}' cannot be a package tag: {tagProblem}");
        switch (spec.Kind)
        {
            case SourceKind.Url:
                if (!Uri.TryCreate(spec.Url, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
                    Fail(spec, $"'url' must be an absolute http(s) URL, got '{spec.Url}'");
                RequireSha256(spec);
                break;
            case SourceKind.Pypi:
                RequireSha256(spec);
                break;
            case SourceKind.Github:
                if (spec.Repo is null || !RepoPattern().IsMatch(spec.Repo)) Fail(spec, $"'repo' must be owner/name, got '{spec.Repo}'");
                if (string.IsNullOrWhiteSpace(spec.Tag) == string.IsNullOrWhiteSpace(spec.Commit))
                    Fail(spec, "give exactly one of 'tag' or 'commit'");
                if (spec.Commit is not null && !CommitPattern().IsMatch(spec.Commit))
                    Fail(spec, $"'commit' must be a full 40-character hex commit id, got '{spec.Commit}'");
                RequireSha256(spec);
                break;
            case SourceKind.Git:
                if (string.IsNullOrWhiteSpace(spec.Url)) Fail(spec, "'url' (the repository) is required");
                if (spec.Commit is null || !CommitPattern().IsMatch(spec.Commit))
                    Fail(spec, $"'commit' must be a full 40-character hex commit id (the commit is the pin), got '{spec.Commit}'");
                break;
            case SourceKind.Local:
                if (string.IsNullOrWhiteSpace(spec.Path)) Fail(spec, "'path' (a directory) is required");
                break;
            default:
                Fail(spec, $"kind '{spec.Kind}' is not one of url, pypi, github, git, local");
                break;
        }
    }

    private static void RequireSha256(SourceSpec spec)
    {
        if (spec.Sha256 is null && spec.PinRequested) return;
        if (spec.Sha256 is null || !Sha256Pattern().IsMatch(spec.Sha256))
            Fail(spec, $"'sha256' must be the 64-character hex sha256 of the download, got '{spec.Sha256}'");
    }

    private static void Fail(SourceSpec spec, string problem) => throw new SourceSpecException(spec, problem);

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]*$")] private static partial Regex NamePattern();
    [GeneratedRegex("^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$")] private static partial Regex RepoPattern();
    [GeneratedRegex("^[0-9a-fA-F]{40}$")] private static partial Regex CommitPattern();
    [GeneratedRegex("^[0-9a-fA-F]{64}$")] private static partial Regex Sha256Pattern();
}
