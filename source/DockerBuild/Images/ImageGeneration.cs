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
        // Side by side, as many as there are cores: the base and the suite's tools they share are made once
        // (SuiteToolsImage), and one platform's apt downloads overlap another's unpacking. Every platform is tried even
        // when one fails.
        using var slots = new SemaphoreSlim(Math.Max(2, Environment.ProcessorCount));
        var generating = platforms.Where(p => p.Kind == PlatformKind.Linux).Select(async platform =>
        {
            await slots.WaitAsync(cancellationToken);
            try { return await PlatformImageGenerator.GenerateAsync(ImagePlan.For(platform, settings), settings, engine, cancellationToken); }
            finally { slots.Release(); }
        }).ToList();
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
