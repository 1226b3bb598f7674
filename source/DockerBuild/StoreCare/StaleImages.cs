using DockerBuild.Tools.Engine;

namespace DockerBuild.StoreCare;

/// <summary>
/// The engine's images this checkout no longer plans: toolchain images and wheel layers labelled
/// <c>org.dockerbuild.content-key</c> with a key no platform or wheel produces, and verification roots
/// (<c>dockerbuild/rootfs-*</c>) and suites' tools images (<c>dockerbuild/tools-*</c>) under a reference no platform uses. The newest <c>keep</c> stale ones of each platform
/// (and of each root and tools repository) stay, so going back one change costs no rebuild. Images without our label are never looked at, and
/// with --platform the roots and tools are not either (other platforms may share them).
/// </summary>
public sealed class StaleImages(ContainerEngine engine, PlannedContent planned, IReadOnlySet<string>? platforms, int keep)
{
    public const string ContentKeyLabel = "org.dockerbuild.content-key";
    public const string PlatformLabel = "org.dockerbuild.platform";
    private const string LayerLabel = "org.dockerbuild.layer-of";
    private const string RootfsRepository = "dockerbuild/rootfs-";
    private const string ToolsRepository = "dockerbuild/tools-";

    public async Task<IReadOnlyList<PruneCandidate>> FindAsync(CancellationToken cancellationToken)
    {
        var labelled = await engine.Images.ListLabelledAsync(ContentKeyLabel, cancellationToken);
        var stale = new List<(string Group, EngineImage Image, string Reason)>();
        foreach (var image in labelled)
        {
            var key = image.Labels.GetValueOrDefault(ContentKeyLabel) ?? "";
            var platform = image.Labels.GetValueOrDefault(PlatformLabel) ?? "";
            if (platforms is not null && !platforms.Contains(platform)) continue;
            if (planned.UsesImage(platform, key)) continue;
            var layer = image.Labels.ContainsKey(LayerLabel);
            stale.Add(($"{platform} {(layer ? "layer" : "image")}", image, !planned.PlatformNames.Contains(platform)
                ? $"platform {platform} is no longer in platforms/"
                : $"content key {Short(key)} is no longer planned for {platform}"));
        }
        // Roots and tools are shared by every platform of a suite: only a whole-checkout prune judges them.
        if (platforms is not null) return Newest(stale);
        foreach (var (repository, planned, reason) in new[]
                 {
                     (RootfsRepository, planned.VerificationRoots, "no platform verifies on this root any more"),
                     (ToolsRepository, planned.ToolsImages, "no platform starts from these tools any more"),
                 })
        {
            var images = await engine.Images.ListMatchingAsync(repository + "*", cancellationToken);
            foreach (var image in images)
            {
                var tags = image.RepoTags.Where(t => t.StartsWith(repository, StringComparison.Ordinal)).ToList();
                if (tags.Count == 0 || tags.Any(planned.Contains)) continue;
                stale.Add((tags[0][..tags[0].LastIndexOf(':')], image, reason));
            }
        }
        return Newest(stale);
    }

    /// <summary>All but the newest <c>keep</c> of each group, as candidates.</summary>
    private List<PruneCandidate> Newest(List<(string Group, EngineImage Image, string Reason)> stale) =>
        stale
            .GroupBy(s => s.Group)
            .SelectMany(g => g.OrderByDescending(s => s.Image.Created).Skip(keep))
            .OrderBy(s => s.Group, StringComparer.Ordinal).ThenByDescending(s => s.Image.Created)
            .Select(s => Candidate(s.Group, s.Image, s.Reason))
            .ToList();

    private PruneCandidate Candidate(string group, EngineImage image, string reason)
    {
        var tags = image.RepoTags.Where(t => t != "<none>:<none>").ToList();
        var kind = group.StartsWith(RootfsRepository, StringComparison.Ordinal) ? "verification root"
            : group.StartsWith(ToolsRepository, StringComparison.Ordinal) ? "suite tools"
            : group.EndsWith(" layer", StringComparison.Ordinal) ? "wheel layer" : "toolchain image";
        var created = image.Created.UtcDateTime.ToString("yyyy-MM-dd HH:mm'Z'", System.Globalization.CultureInfo.InvariantCulture);
        return new PruneCandidate(kind, tags.Count > 0 ? string.Join(", ", tags) : image.Id, $"engine, created {created}", image.Size, reason,
            async cancellationToken =>
            {
                // By tag, never forced: the last tag's removal deletes the image, and an image a container uses stays.
                foreach (var tag in tags.Count > 0 ? tags : [image.Id])
                    await engine.Images.RemoveAsync(tag, cancellationToken);
            });
    }

    private static string Short(string key) => key.Length > 12 ? key[..12] : key;
}
