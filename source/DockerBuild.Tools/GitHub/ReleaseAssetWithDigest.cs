using System.Security.Cryptography;
using Octokit;

namespace DockerBuild.Tools.GitHub;

/// <summary>
/// A release asset as the API lists it, with the <c>digest</c> field that Octokit's <see cref="ReleaseAsset"/> does
/// not carry; and, for assets listed without one, the digest of their bytes.
/// </summary>
public sealed class ReleaseAssetWithDigest
{
    public long Id { get; private set; }
    public string Name { get; private set; } = "";
    public long Size { get; private set; }
    /// <summary><c>sha256:&lt;hex&gt;</c> for assets uploaded since GitHub computes digests; null for older ones.</summary>
    public string? Digest { get; private set; }
    /// <summary>The asset's API URL; with <c>Accept: application/octet-stream</c> it redirects to the bytes.</summary>
    public string Url { get; private set; } = "";

    /// <summary>Every asset of a release, across all pages (100 a page, GitHub's maximum, unless told).</summary>
    public static Task<IReadOnlyList<ReleaseAssetWithDigest>> ListAsync(IGitHubClient client, string owner, string repo, long releaseId, int pageSize = 100)
        => new ApiConnection(client.Connection).GetAll<ReleaseAssetWithDigest>(ApiUrls.ReleaseAssets(owner, repo, releaseId),
            new ApiOptions { PageSize = pageSize });

    /// <summary>The digest GitHub would list, computed from the asset's bytes (for assets listed without one).</summary>
    public async Task<string> ComputeDigestAsync(IGitHubClient client)
    {
        var response = await client.Connection.Get<Stream>(new Uri(Url), new Dictionary<string, string>(), "application/octet-stream");
        await using var bytes = response.Body ?? throw new InvalidDataException($"GitHub sent no bytes for release asset {Name} ({Url})");
        return "sha256:" + Convert.ToHexStringLower(await SHA256.HashDataAsync(bytes));
    }
}
