using System.Security.Cryptography;
using System.Text;
using DockerBuild.Images.Recipe;
using DockerBuild.Wheels;

namespace DockerBuild.Images;

/// <summary>
/// The image one wheel builds in: its platform's image plus one layer holding the wheel's target libraries
/// (<c>-dev:&lt;arch&gt;</c>) and host build packages. The layer's key covers only the platform image's key and the
/// sorted package names, so wheels with the same set share it, and adding a library to one wheel rebuilds nothing
/// for the others. A wheel that declares no package builds in the platform image itself.
/// </summary>
public sealed record WheelLayerPlan(ImagePlan Platform, IReadOnlyList<string> Packages, string Key, ImageReference Reference, string Dockerfile)
{
    /// <summary>Bump when the layer's Dockerfile changes meaning without its text changing.</summary>
    public const int RecipeVersion = 1;

    /// <summary>The layer of <paramref name="wheel"/> on <paramref name="platform"/>; null when it declares no package.</summary>
    public static WheelLayerPlan? For(ImagePlan platform, WheelSpec wheel, string? registry)
    {
        var packages = ToolchainRecipe.LayerPackages(platform.Target, wheel.TargetLibraries, wheel.BuildPackages);
        if (packages.Count == 0) return null;
        var dockerfile = DockerfileFor(platform, packages);
        var text = new StringBuilder("dockerbuild-layer-key\n");
        text.Append($"recipe-version {RecipeVersion}\n");
        text.Append($"platform-image {platform.Key}\n");
        foreach (var package in packages) text.Append($"package {Sha256(package)}\n");
        text.Append($"dockerfile {Sha256(dockerfile.Replace(platform.Reference.ToString(), "<platform image>", StringComparison.Ordinal))}\n");
        var key = Sha256(text.ToString());
        return new WheelLayerPlan(platform, packages, key, ImageReference.ForPlatform(platform.Platform.Name, key, registry), dockerfile);
    }

    private static string DockerfileFor(ImagePlan platform, IReadOnlyList<string> packages)
    {
        var apt = platform.Base.AptGet;
        var d = new StringBuilder();
        d.Append($"# DockerBuild wheel layer for {platform.Platform.Name} (layer recipe {RecipeVersion})\n");
        d.Append($"FROM {platform.Reference}\n");
        d.Append("RUN set -eux; \\\n");
        d.Append($"    {apt} update; \\\n");
        d.Append($"    {apt} install -y --no-install-recommends \\\n");
        foreach (var package in packages) d.Append($"        {package} \\\n");
        d.Append("    ; \\\n");
        d.Append($"    {apt} clean; \\\n");
        d.Append($"    {ToolchainRecipe.ManifestCommand(platform.Target)}\n");
        d.Append("ARG DOCKERBUILD_IMAGE\n");
        d.Append("ENV DOCKERBUILD_IMAGE=${DOCKERBUILD_IMAGE}\n");
        return d.ToString();
    }

    private static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
