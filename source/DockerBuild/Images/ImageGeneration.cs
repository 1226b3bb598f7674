using DockerBuild.Platforms;
using DockerBuild.Tools.Engine;

namespace DockerBuild.Images;

/// <summary>
/// GenerateImage: makes each selected Linux platform's toolchain image present under its content-key tag, and
/// writes its manifest and host script. The entry point build/Build.cs calls.
/// </summary>
public static class ImageGeneration
{
    /// <param name="basesMade">
    /// Called once the Debian bases the platforms start from are in the engine (bootstrapped first, before any tools
    /// layer or platform image): a bootstrap that shares the mirror, the disk and the cores with other work takes
    /// several times as long, and every image of the run waits for it.
    /// </param>
    public static async Task<IReadOnlyList<GeneratedImage>> RunAsync(IReadOnlyList<PlatformSpec> platforms, ImageSettings settings,
        ContainerEngine engine, CancellationToken cancellationToken = default, Action? basesMade = null)
    {
        if (settings.Upload && string.IsNullOrEmpty(settings.Registry))
            throw new InvalidOperationException("--upload pushes images to a registry, but no --registry was given.");
        foreach (var platform in platforms.Where(p => p.Kind != PlatformKind.Linux))
            settings.Output.WriteLine($"{platform.Name}: no image ({platform.Kind} platforms are not built in a container)");
        // Side by side, at least four: the base and the suite's tools they share are made once (SuiteToolsImage), and
        // what is left per platform is mostly apt downloading and unpacking, which overlap well even on two cores (with
        // two slots the third default platform waited for the first two). Every platform is tried even when one fails.
        using var slots = new SemaphoreSlim(Math.Max(4, Environment.ProcessorCount));
        var plans = platforms.Where(p => p.Kind == PlatformKind.Linux).Select(p => ImagePlan.For(p, settings)).ToList();
        await Task.WhenAll(plans.Select(plan => SuiteToolsImage.EnsureBaseAheadAsync(plan, settings, engine, cancellationToken)));
        basesMade?.Invoke();
        var generating = plans.Select(async plan =>
        {
            await slots.WaitAsync(cancellationToken);
            try { return await PlatformImageGenerator.GenerateAsync(plan, settings, engine, cancellationToken); }
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
