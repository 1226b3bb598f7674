using DockerBuild.Images;
using DockerBuild.Platforms;
using DockerBuild.Tools.Docker;

namespace DockerBuild.Builds;

/// <summary>
/// The platform images of one BuildWheel run. A platform's content key is known without the engine (it enters the
/// build key); the image itself is made present only when a pair really builds, so a run where every pair is cached
/// touches no image. Generation runs one platform at a time (platforms of a suite share a bootstrapped base), and a
/// failure is remembered, so the other pairs of that platform fail at once with the same reason.
/// </summary>
public sealed class PlatformImages(ImageSettings settings, DockerClient client)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<string, GeneratedImage> _present = new();
    private readonly Dictionary<string, Exception> _failed = new();

    /// <summary>The image content key of a Linux platform (no engine call).</summary>
    public string KeyOf(PlatformSpec platform) => ImagePlan.For(platform, settings).Key;

    /// <summary>Makes the platform's image present (once per run) and returns it.</summary>
    public async Task<GeneratedImage> EnsureAsync(PlatformSpec platform, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_present.TryGetValue(platform.Name, out var image)) return image;
            if (_failed.TryGetValue(platform.Name, out var error))
                throw new InvalidOperationException($"the image of {platform.Name} is not available: {error.Message}", error);
            try
            {
                image = (await ImageGeneration.RunAsync([platform], settings, client, cancellationToken)).Single();
                _present[platform.Name] = image;
                return image;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                _failed[platform.Name] = e;
                throw new InvalidOperationException($"the image of {platform.Name} is not available: {e.Message}", e);
            }
        }
        finally
        {
            _gate.Release();
        }
    }
}
