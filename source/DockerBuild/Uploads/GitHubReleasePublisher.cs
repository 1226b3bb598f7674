using DockerBuild.Builds;
using DockerBuild.Tools.GitHub;

namespace DockerBuild.Uploads;

/// <summary>What happened to one wheel on the release.</summary>
public enum AssetAction
{
    Uploaded,
    /// <summary>An asset of that name with the same size and digest is already there.</summary>
    AlreadyPresent,
    /// <summary>A different asset of that name was deleted and the wheel uploaded in its place (only when asked).</summary>
    Replaced,
}

/// <summary>One wheel's asset on the release.</summary>
public sealed record PublishedAsset(string Name, long Size, AssetAction Action);

/// <summary>
/// Attaches built wheels to an existing GitHub release as assets. Idempotent: an asset with the wheel's name, size and
/// (where GitHub reports one) sha256 digest is left alone; a different asset of the same name fails the run naming both,
/// unless <c>replace</c> is set, which deletes it and uploads the wheel.
/// </summary>
public static class GitHubReleasePublisher
{
    public static async Task<IReadOnlyList<PublishedAsset>> PublishAsync(IReadOnlyList<BuiltWheel> wheels, GitHubReleaseTarget target,
        GitHubClient client, bool replace, TextWriter log, CancellationToken cancellationToken = default)
    {
        var release = await client.GetReleaseByTagAsync(target.Owner, target.Repository, target.Tag, cancellationToken)
            ?? throw new UploadException($"{target.Owner}/{target.Repository} has no release for tag '{target.Tag}': create the release first "
                + "(wheels are attached to an existing release, never to a new one made here)");
        var existing = (await client.ListReleaseAssetsAsync(target.Owner, target.Repository, release.Id, cancellationToken))
            .ToDictionary(a => a.Name, StringComparer.Ordinal);

        var duplicate = wheels.GroupBy(w => w.FileName).FirstOrDefault(g => g.Select(w => w.Sha256).Distinct().Count() > 1);
        if (duplicate is not null)
            throw new UploadException($"two different built wheels are named {duplicate.Key}: {string.Join(" and ", duplicate.Select(w => w.WheelFile))}");

        // Decide everything before changing anything, so a clash leaves the release as it was.
        var plan = new List<(BuiltWheel Wheel, GitHubReleaseAsset? Asset, AssetAction Action)>();
        var clashes = new List<string>();
        foreach (var wheel in wheels.DistinctBy(w => w.FileName))
        {
            var size = new FileInfo(wheel.WheelFile).Length;
            if (!existing.TryGetValue(wheel.FileName, out var asset))
            {
                plan.Add((wheel, null, AssetAction.Uploaded));
                continue;
            }
            var digest = asset.Digest is { Length: > 0 } d ? d : null;
            var same = asset.Size == size && (digest is null || string.Equals(digest, "sha256:" + wheel.Sha256, StringComparison.OrdinalIgnoreCase));
            if (same)
                plan.Add((wheel, asset, AssetAction.AlreadyPresent));
            else if (replace)
                plan.Add((wheel, asset, AssetAction.Replaced));
            else
                clashes.Add($"{wheel.FileName}: the release has asset {asset.Id} of {asset.Size} bytes{(digest is null ? "" : $" ({digest})")}, "
                    + $"the built wheel is {size} bytes (sha256:{wheel.Sha256})");
        }
        if (clashes.Count > 0)
            throw new UploadException($"release {target} already has different assets with these names (nothing was changed; "
                + "replace them deliberately with --github-release-replace):" + Environment.NewLine
                + string.Join(Environment.NewLine, clashes.Select(c => "  " + c)));

        var results = new List<PublishedAsset>();
        foreach (var (wheel, asset, action) in plan)
        {
            if (action == AssetAction.AlreadyPresent)
            {
                log.WriteLine($"release {target}: {wheel.FileName} already attached (same size and digest), skipped");
                results.Add(new PublishedAsset(wheel.FileName, asset!.Size, action));
                continue;
            }
            if (action == AssetAction.Replaced)
                await client.DeleteReleaseAssetAsync(target.Owner, target.Repository, asset!.Id, cancellationToken);
            var uploaded = await client.UploadReleaseAssetAsync(release, wheel.WheelFile, wheel.FileName, "application/zip", cancellationToken);
            log.WriteLine($"release {target}: {(action == AssetAction.Replaced ? "replaced" : "uploaded")} {wheel.FileName} ({uploaded.Size} bytes)");
            results.Add(new PublishedAsset(wheel.FileName, uploaded.Size, action));
        }
        return results;
    }
}
