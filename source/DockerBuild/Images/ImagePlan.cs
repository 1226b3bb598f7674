using DockerBuild.Images.Bases;
using DockerBuild.Images.Recipe;
using DockerBuild.Platforms;

namespace DockerBuild.Images;

/// <summary>
/// Everything decided about a platform's image before the engine is touched: its base, the suite's tools layer it
/// starts from, the build-context files, the content key and the resulting name. Run uses it to find the image GenerateImage made.
/// </summary>
public sealed record ImagePlan(
    PlatformSpec Platform,
    CrossTarget Target,
    ImageBase Base,
    DebianBase? Bootstrap,
    SuiteToolsRecipe Tools,
    IReadOnlyDictionary<string, string> Files,
    string Key,
    ImageReference Reference)
{
    /// <summary>Plans <paramref name="platform"/>'s image under <paramref name="settings"/>.</summary>
    public static ImagePlan For(PlatformSpec platform, ImageSettings settings)
    {
        var target = CrossTarget.For(platform);
        var (imageBase, bootstrap) = platform.Base switch
        {
            { Debian: { } debian } => (DebianBaseRecipe.For(debian), debian),
            { Image: { } upstream } => (MirroredBaseImage.For(platform, upstream, settings.StateDirectory), (DebianBase?)null),
            _ => throw new ArgumentException($"{platform.SourceFile}: platform '{platform.Name}' has no base (expected base.debian or base.image)."),
        };
        var tools = SuiteToolsRecipe.For(imageBase, platform.Base?.Debian?.Suite ?? "image", target.Python);
        var files = ToolchainRecipe.Files(target, tools, platform.Base?.Debian?.Packages ?? [], platform.Env,
            hasSources: settings.RecipeSources.Count > 0);
        var platformFile = File.Exists(platform.SourceFile)
            ? File.ReadAllBytes(platform.SourceFile)
            : throw new FileNotFoundException($"platform '{platform.Name}': its file '{platform.SourceFile}' is missing; the image key covers the file's bytes.", platform.SourceFile);
        var key = ImageContentKey.Compute(new ImageKeyInputs(platformFile, ToolchainRecipe.Version, files, imageBase.Identity, settings.RecipeSources));
        return new ImagePlan(platform, target, imageBase, bootstrap, tools, files, key, ImageReference.ForPlatform(platform.Name, key, settings.Registry));
    }
}
