using DockerBuild.Builds.Outputs;
using DockerBuild.Packaging;
using DockerBuild.Platforms;
using DockerBuild.Tools.Cipd;
using DockerBuild.Wheels.Abi3;
using DockerBuild.Wheels.Archive;

namespace DockerBuild.Builds.Preparation;

/// <summary>
/// Build avoidance through the package store: a wheel the Upload step registered carries a <c>build_key:</c> tag, so
/// a pair whose key is found there is fetched (into the outputs, with its record) instead of built — on another
/// machine, or after the state directory was cleared.
/// </summary>
public static class StoredWheelLookup
{
    /// <summary>The wheel registered under the pair's package with this build key, copied into the outputs; null when none is.</summary>
    /// <param name="abi3">The floor of an abi3 wheel, whose package is its architecture's abi3 package.</param>
    public static async Task<BuiltWheel?> FetchAsync(string wheelName, string version, PlatformSpec platform, string buildKey, ICipdRepository store,
        string outputsDirectory, string scratch, PairLog log, CancellationToken cancellationToken, Abi3Floor? abi3 = null)
    {
        IReadOnlyList<string> packages;
        try
        {
            packages = abi3 is null ? CandidatePackages(wheelName, version, platform) : [WheelPackageNames.Abi3(wheelName, platform, abi3)];
        }
        catch (PackagingException e)
        {
            log.Write($"store lookup skipped: {e.Message}");
            return null;
        }
        var pins = new List<CipdPin>();
        foreach (var package in packages)
            pins.AddRange(await store.SearchAsync(package, $"build_key:{buildKey}", cancellationToken));
        if (pins.Count == 0) return null;
        var directory = Path.Combine(scratch, "stored");
        await store.DeployAsync(pins[0], directory, cancellationToken);
        var wheel = Directory.GetFiles(directory, "*.whl", SearchOption.AllDirectories)
            .Where(f => !Path.GetRelativePath(directory, f).StartsWith('.')).SingleOrDefault();
        if (wheel is null)
        {
            log.Write($"store instance {pins[0]} holds no single wheel; building instead");
            return null;
        }
        log.Write($"found in the store: {pins[0]} (build_key:{buildKey})");
        return await WheelOutputs.StoreAsync(wheel, outputsDirectory, platform.Name, wheelName, version, buildKey, cancellationToken);
    }

    /// <summary>
    /// For binary platforms the package follows from the platform alone. A pure wheel's depends on its python tags,
    /// unknown before it is built, so both of Chromium's universal names are searched.
    /// </summary>
    private static IReadOnlyList<string> CandidatePackages(string wheelName, string version, PlatformSpec platform)
    {
        if (platform.Kind != PlatformKind.Universal) return [WheelPackageNames.Binary(wheelName, platform)];
        var distribution = wheelName.Replace('-', '_');
        return [.. new[] { "py3", "py2.py3" }.Select(python =>
            WheelPackageNames.For(wheelName, platform, WheelFileName.Parse($"{distribution}-{version}-{python}-none-any.whl")))];
    }
}
