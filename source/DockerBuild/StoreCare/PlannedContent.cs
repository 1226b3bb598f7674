using DockerBuild.Builds;
using DockerBuild.Builds.Verification;
using DockerBuild.Images;
using DockerBuild.Platforms;
using DockerBuild.Sources;
using DockerBuild.Wheels;

namespace DockerBuild.StoreCare;

/// <summary>
/// What this checkout plans to use, computed the way the build computes it: the content key of every Linux platform's
/// image and of every wheel layer (each wheel on each Linux platform, a superset of the catalogue's pairs, so in doubt
/// a key is kept), the suites' tools images and the verification roots, and the declared wheels and sources. A platform whose image cannot be
/// planned (e.g. an unmirrored base) is listed in <see cref="Unplanned"/> and nothing of it is pruned.
/// </summary>
public sealed record PlannedContent(
    IReadOnlySet<string> PlatformNames,
    IReadOnlyDictionary<string, IReadOnlySet<string>> ImageKeys,
    IReadOnlySet<string> Unplanned,
    IReadOnlySet<string> VerificationRoots,
    IReadOnlySet<string> ToolsImages,
    IReadOnlySet<(string Name, string Version)> Wheels,
    IReadOnlySet<(string Name, string Version)> Sources)
{
    public static PlannedContent For(PlatformCatalog platforms, WheelCatalog wheels, ImageSettings settings)
    {
        var keys = new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal);
        var unplanned = new HashSet<string>(StringComparer.Ordinal);
        var roots = new HashSet<string>(StringComparer.Ordinal);
        var tools = new HashSet<string>(StringComparer.Ordinal);
        foreach (var platform in platforms.All.Where(p => p.Kind == PlatformKind.Linux))
        {
            try
            {
                var plan = ImagePlan.For(platform, settings);
                var platformKeys = new HashSet<string>(StringComparer.Ordinal) { plan.Key };
                foreach (var wheel in wheels.All)
                    if (WheelLayerPlan.For(plan, wheel, settings.Registry)?.Key is { } layer) platformKeys.Add(layer);
                keys[platform.Name] = platformKeys;
                tools.Add(plan.Tools.Reference);
                var target = PairBuild.TargetFor(platform);
                roots.Add(VerificationRootfs.ReferenceFor(target.Suite, target.Architecture, []));
            }
            catch (Exception e) when (e is IOException or ArgumentException or InvalidOperationException)
            {
                unplanned.Add(platform.Name);
            }
        }
        return new PlannedContent(
            platforms.All.Select(p => p.Name).ToHashSet(StringComparer.Ordinal), keys, unplanned, roots, tools,
            wheels.All.Select(w => (SourceSpecReader.StoreName(w.Name), w.Version)).ToHashSet(),
            wheels.All.Where(w => w.Source is not null).Select(w => (w.Source!.Name, w.Source.Version)).ToHashSet());
    }

    /// <summary>True when <paramref name="key"/> is an image key some platform's plan uses, or <paramref name="platform"/> could not be planned.</summary>
    public bool UsesImage(string platform, string key) =>
        Unplanned.Contains(platform) || ImageKeys.Values.Any(k => k.Contains(key));
}
