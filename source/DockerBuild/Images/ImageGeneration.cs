using DockerBuild.Platforms;
using DockerBuild.Tools.Engine;

namespace DockerBuild.Images;

/// <summary>
/// GenerateImage: makes each selected Linux platform's toolchain image present under its content-key tag, and
/// writes its manifest and host script. The entry point build/Build.cs calls.
/// </summary>
public static class ImageGeneration
{
    public static async Task<IReadOnlyList<GeneratedImage>> RunAsync(IReadOnlyList<PlatformSpec> platforms, ImageSettings settings,
        ContainerEngine engine, CancellationToken cancellationToken = default)
    {
        if (settings.Upload && string.IsNullOrEmpty(settings.Registry))
            throw new InvalidOperationException("--upload pushes images to a registry, but no --registry was given.");
        foreach (var platform in platforms.Where(p => p.Kind != PlatformKind.Linux))
            settings.Output.WriteLine($"{platform.Name}: no image ({platform.Kind} platforms are not built in a container)");
        // Side by side (PlatformImageGenerator bounds how many at once); every platform is tried even when one fails.
        var generating = platforms.Where(p => p.Kind == PlatformKind.Linux)
            .Select(platform => PlatformImageGenerator.GenerateAsync(ImagePlan.For(platform, settings), settings, engine, cancellationToken)).ToList();
        try
        {
            return await Task.WhenAll(generating);
        }
        catch when (generating.Count(t => t.IsFaulted) > 1)
        {
            throw new AggregateException($"GenerateImage failed for {generating.Count(t => t.IsFaulted)} platforms",
                generating.Where(t => t.IsFaulted).SelectMany(t => t.Exception!.InnerExceptions));
        }
    }
}
