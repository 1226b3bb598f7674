using System.Text.Json.Serialization;

namespace DockerBuild.Tools.GitHub;

/// <summary>A release as returned by <c>GET /repos/{owner}/{repo}/releases</c> (the fields this project reads).</summary>
public sealed record GitHubRelease
{
    [JsonPropertyName("id")] public long Id { get; init; }
    [JsonPropertyName("tag_name")] public string TagName { get; init; } = "";
    [JsonPropertyName("name")] public string? Name { get; init; }
    [JsonPropertyName("draft")] public bool Draft { get; init; }
    [JsonPropertyName("prerelease")] public bool Prerelease { get; init; }
    [JsonPropertyName("target_commitish")] public string? TargetCommitish { get; init; }
    [JsonPropertyName("html_url")] public string? HtmlUrl { get; init; }
    [JsonPropertyName("tarball_url")] public string? TarballUrl { get; init; }
    [JsonPropertyName("zipball_url")] public string? ZipballUrl { get; init; }
    /// <summary>URI template on the uploads host, e.g. <c>…/releases/1/assets{?name,label}</c>.</summary>
    [JsonPropertyName("upload_url")] public string UploadUrl { get; init; } = "";
    [JsonPropertyName("published_at")] public DateTimeOffset? PublishedAt { get; init; }
    [JsonPropertyName("assets")] public IReadOnlyList<GitHubReleaseAsset> Assets { get; init; } = [];
}

/// <summary>A file attached to a release.</summary>
public sealed record GitHubReleaseAsset
{
    [JsonPropertyName("id")] public long Id { get; init; }
    [JsonPropertyName("name")] public string Name { get; init; } = "";
    [JsonPropertyName("label")] public string? Label { get; init; }
    [JsonPropertyName("content_type")] public string? ContentType { get; init; }
    [JsonPropertyName("state")] public string? State { get; init; }
    [JsonPropertyName("size")] public long Size { get; init; }
    /// <summary><c>sha256:&lt;hex&gt;</c> for assets uploaded since GitHub started computing digests; null for older ones.</summary>
    [JsonPropertyName("digest")] public string? Digest { get; init; }
    [JsonPropertyName("url")] public string? Url { get; init; }
    [JsonPropertyName("browser_download_url")] public string? BrowserDownloadUrl { get; init; }
}

/// <summary>A tag as returned by <c>GET /repos/{owner}/{repo}/tags</c>.</summary>
public sealed record GitHubTag
{
    [JsonPropertyName("name")] public string Name { get; init; } = "";
    [JsonPropertyName("commit")] public GitHubCommitReference Commit { get; init; } = new();
    [JsonPropertyName("tarball_url")] public string? TarballUrl { get; init; }
    [JsonPropertyName("zipball_url")] public string? ZipballUrl { get; init; }
}

/// <summary>The commit a tag points at.</summary>
public sealed record GitHubCommitReference
{
    [JsonPropertyName("sha")] public string Sha { get; init; } = "";
    [JsonPropertyName("url")] public string? Url { get; init; }
}

/// <summary>GitHub's error body: <c>{"message": "...", "documentation_url": "..."}</c>.</summary>
internal sealed record GitHubErrorBody
{
    [JsonPropertyName("message")] public string? Message { get; init; }
    [JsonPropertyName("documentation_url")] public string? DocumentationUrl { get; init; }
}
