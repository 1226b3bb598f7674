using System.Collections.Concurrent;
using DockerBuild.Images;
using DockerBuild.Platforms;
using DockerBuild.Tools.Engine;
using DockerBuild.Wheels;

namespace DockerBuild.Builds.Preparation;

/// <summary>
/// The platform images and wheel layers of one BuildWheel run. Their content keys are known without the engine (they
/// enter the build key); an image is made present only when a pair really builds, so a run where every pair is cached
/// touches no image. Each image is made by one pair while the others needing it wait; different platforms' images and
/// layers are made side by side (what they share, the base and the suite's tools, is made once by SuiteToolsImage). A
/// failure is remembered, so the other pairs needing it fail at once with the same reason.
/// </summary>
public sealed class PlatformImages(ImageSettings settings, ContainerEngine engine)
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _gates = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, GeneratedImage> _present = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _presentLayers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Exception> _failed = new(StringComparer.Ordinal);

    /// <summary>The image content key of a Linux platform (no engine call).</summary>
    public string KeyOf(PlatformSpec platform) => ImagePlan.For(platform, settings).Key;

    /// <summary>The key of the image <paramref name="wheel"/> builds in on <paramref name="platform"/>: its layer's, or the platform image's.</summary>
    public string KeyOf(PlatformSpec platform, WheelSpec wheel)
    {
        var plan = ImagePlan.For(platform, settings);
        return WheelLayerPlan.For(plan, wheel, settings.Registry)?.Key ?? plan.Key;
    }

    /// <summary>Makes the platform's image present (once per run) and returns it.</summary>
    public Task<GeneratedImage> EnsureAsync(PlatformSpec platform, CancellationToken cancellationToken) =>
        GatedAsync(platform.Name, $"the image of {platform.Name}", async () =>
        {
            if (_present.TryGetValue(platform.Name, out var image)) return image;
            image = (await ImageGeneration.RunAsync([platform], settings, engine, cancellationToken)).Single();
            _present[platform.Name] = image;
            return image;
        }, cancellationToken);

    /// <summary>Makes the image <paramref name="wheel"/> builds in present: the platform image, and its layer when it declares packages.</summary>
    public async Task<ImageReference> EnsureAsync(PlatformSpec platform, WheelSpec wheel, CancellationToken cancellationToken)
    {
        var image = await EnsureAsync(platform, cancellationToken);
        if (WheelLayerPlan.For(ImagePlan.For(platform, settings), wheel, settings.Registry) is not { } layer) return image.Reference;
        return await GatedAsync(layer.Key, $"the layer of {platform.Name} with {string.Join(' ', layer.Packages)}", async () =>
        {
            if (_presentLayers.TryAdd(layer.Key, true)) await WheelLayerGenerator.EnsureAsync(layer, settings, engine, cancellationToken);
            return layer.Reference;
        }, cancellationToken);
    }

    private async Task<T> GatedAsync<T>(string key, string what, Func<Task<T>> make, CancellationToken cancellationToken)
    {
        var gate = _gates.GetOrAdd(key, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (_failed.TryGetValue(key, out var error))
                throw new InvalidOperationException($"{what} is not available: {error.Message}", error);
            try
            {
                return await make();
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                _failed[key] = e;
                throw new InvalidOperationException($"{what} is not available: {e.Message}", e);
            }
        }
        finally
        {
            gate.Release();
        }
    }
}
