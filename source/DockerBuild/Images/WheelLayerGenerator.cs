using System.Diagnostics;
using DockerBuild.Images.Recipe;
using DockerBuild.Tools.Engine;

namespace DockerBuild.Images;

/// <summary>
/// Makes one wheel layer present on top of its (already present) platform image: nothing when its key is in the
/// engine, a pull when the registry has it, otherwise a build of its one apt step; pushed with --upload. Callers of one
/// run asking for it at once (one prepared during GenerateImage, the pairs that build in it) share the one build.
/// Its log is <c>logs/GenerateImage/&lt;platform&gt;-layer-&lt;key prefix&gt;.log</c>.
/// </summary>
public static class WheelLayerGenerator
{
    private static readonly InFlightWork<ImageOutcome> Making = new();

    public static Task<ImageOutcome> EnsureAsync(WheelLayerPlan layer, ImageSettings settings, ContainerEngine engine, CancellationToken cancellationToken) =>
        Making.RunAsync($"{layer.Key}\n{settings.StateDirectory}\n{settings.Rebuild}", () => MakeAsync(layer, settings, engine, cancellationToken));

    private static async Task<ImageOutcome> MakeAsync(WheelLayerPlan layer, ImageSettings settings, ContainerEngine engine, CancellationToken cancellationToken)
    {
        var platform = layer.Platform.Platform.Name;
        var name = $"{platform} layer {layer.Key[..12]} ({string.Join(' ', layer.Packages)})";
        var outcome = await PlatformImageGenerator.MakePresentAsync(layer.Reference, LogFile(settings, layer), $"{platform} layer",
            $"the layer of {name} could not be made", settings, engine, log => BuildAsync(layer, settings, engine, log, cancellationToken), cancellationToken);
        await PlatformImageGenerator.PushWhenAskedAsync(name, layer.Reference, outcome, settings, engine, cancellationToken);
        return outcome;
    }

    /// <summary>The build log of a layer.</summary>
    public static string LogFile(ImageSettings settings, WheelLayerPlan layer) =>
        Path.Combine(settings.StateDirectory, "logs", "GenerateImage", $"{layer.Platform.Platform.Name}-layer-{layer.Key[..12]}.log");

    private static async Task<ImageOutcome> BuildAsync(WheelLayerPlan layer, ImageSettings settings, ContainerEngine engine, BuildLog log,
        CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        using var context = BuildContextArchive.Create(new Dictionary<string, string> { ["Dockerfile"] = layer.Dockerfile }, new HashSet<string>(), null);
        log.Announce($"building {layer.Reference} ({string.Join(' ', layer.Packages)}) on {layer.Platform.Reference}");
        await engine.Images.BuildAsync(new ImageBuildSpec
        {
            Tags = [layer.Reference.ToString()],
            BuildArgs = new Dictionary<string, string> { ["DOCKERBUILD_IMAGE"] = layer.Reference.ToString() },
            Labels = new Dictionary<string, string>
            {
                ["org.dockerbuild.platform"] = layer.Platform.Platform.Name,
                ["org.dockerbuild.content-key"] = layer.Key,
                ["org.dockerbuild.layer-of"] = layer.Platform.Key,
                ["org.dockerbuild.recipe-version"] = WheelLayerPlan.RecipeVersion.ToString(System.Globalization.CultureInfo.InvariantCulture),
            },
            NetworkMode = settings.BuildNetworkMode,
            NoCache = settings.NoCache,
        }, context, log, cancellationToken);
        log.Announce($"built {layer.Reference} in {clock.Elapsed.TotalSeconds:F1} s");
        return ImageOutcome.Built;
    }
}
