using DockerBuild.Builds;
using DockerBuild.Builds.Outputs;
using DockerBuild.Tools.GitHub;
using Octokit;

namespace DockerBuild.Uploads;

/// <summary>What happened to one wheel on the release.</summary>
public enum AssetAction
{
    Uploaded,
    /// <summary>An asset of that name with the same bytes is already there.</summary>
    AlreadyPresent,
    /// <summary>A different asset of that name was deleted and the wheel uploaded in its place (only when asked).</summary>
    Replaced,
}

/// <summary>One wheel's asset on the release.</summary>
public sealed record PublishedAsset(string Name, long Size, AssetAction Action);

/// <summary>
/// Attaches built wheels to an existing GitHub release as assets. Idempotent: an asset with the wheel's name and bytes is
/// left alone (compared by GitHub's sha256 digest, or by downloading an older asset listed without one); a different
/// asset of the same name fails the run naming both, unless <c>replace</c> is set, which deletes it and uploads the wheel.
/// </summary>
public static class GitHubReleasePublisher
{
    public static async Task<IReadOnlyList<PublishedAsset>> PublishAsync(IReadOnlyList<BuiltWheel> wheels, GitHubReleaseTarget target,
        IGitHubClient client, bool replace, TextWriter log, CancellationToken cancellationToken = default)
    {
        Release release;
        try
        {
            release = await client.Repository.Release.Get(target.Owner, target.Repository, target.Tag);
        }
        catch (NotFoundException)
        {
            throw new UploadException($"{target.Owner}/{target.Repository} has no release for tag '{target.Tag}': create the release first "
                + "(wheels are attached to an existing release, never to a new one made here)");
        }
        var existing = (await ReleaseAssetWithDigest.ListAsync(client, target.Owner, target.Repository, release.Id))
            .ToDictionary(a => a.Name, StringComparer.Ordinal);

        var duplicate = wheels.GroupBy(w => w.FileName).FirstOrDefault(g => g.Select(w => w.Sha256).Distinct().Count() > 1);
        if (duplicate is not null)
            throw new UploadException($"two different built wheels are named {duplicate.Key}: {string.Join(" and ", duplicate.Select(w => w.WheelFile))}");

        // Decide everything before changing anything, so a clash leaves the release as it was.
        var plan = new List<(BuiltWheel Wheel, ReleaseAssetWithDigest? Asset, AssetAction Action)>();
        var clashes = new List<string>();
        foreach (var wheel in wheels.DistinctBy(w => w.FileName))
        {
            var size = new FileInfo(wheel.WheelFile).Length;
            if (!existing.TryGetValue(wheel.FileName, out var asset))
            {
                plan.Add((wheel, null, AssetAction.Uploaded));
                continue;
            }
            // An asset listed without a digest (uploaded before GitHub computed them) is compared by its bytes.
            var digest = asset.Digest is { Length: > 0 } d ? d
                : asset.Size == size ? await asset.ComputeDigestAsync(client) : null;
            var same = asset.Size == size && string.Equals(digest, "sha256:" + wheel.Sha256, StringComparison.OrdinalIgnoreCase);
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
            cancellationToken.ThrowIfCancellationRequested(); // Octokit's release calls take no token of their own
            if (action == AssetAction.AlreadyPresent)
            {
                log.WriteLine($"release {target}: {wheel.FileName} already attached (same bytes), skipped");
                results.Add(new PublishedAsset(wheel.FileName, asset!.Size, action));
                continue;
            }
            if (action == AssetAction.Replaced)
                await client.Repository.Release.DeleteAsset(target.Owner, target.Repository, checked((int)asset!.Id));
            await using var content = File.OpenRead(wheel.WheelFile);
            var uploaded = await client.Repository.Release.UploadAsset(release,
                new ReleaseAssetUpload(wheel.FileName, "application/zip", content, timeout: null), cancellationToken);
            log.WriteLine($"release {target}: {(action == AssetAction.Replaced ? "replaced" : "uploaded")} {wheel.FileName} ({uploaded.Size} bytes)");
            results.Add(new PublishedAsset(wheel.FileName, uploaded.Size, action));
        }
        return results;
    }
}
