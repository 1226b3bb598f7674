using DockerBuild.Platforms;
using DockerBuild.Tools.Docker;

namespace DockerBuild.Images;

/// <summary>
/// GenerateImage: makes each selected Linux platform's toolchain image present under its content-key tag, and
/// writes its manifest and host script. The entry point build/Build.cs calls.
/// </summary>
public static class ImageGeneration
{
    public static async Task<IReadOnlyList<GeneratedImage>> RunAsync(IReadOnlyList<PlatformSpec> platforms, ImageSettings settings,
        DockerClient client, CancellationToken cancellationToken = default)
    {
        if (settings.Upload && string.IsNullOrEmpty(settings.Registry))
            throw new InvalidOperationException("--upload pushes images to a registry, but no --registry was given.");
        var results = new List<GeneratedImage>();
        // Sequential on purpose: platforms on one suite share a base, which the first bootstraps and the rest reuse.
        foreach (var platform in platforms)
        {
            if (platform.Kind != PlatformKind.Linux)
            {
                settings.Output.WriteLine($"{platform.Name}: no image ({platform.Kind} platforms are not built in a container)");
                continue;
            }
            var plan = ImagePlan.For(platform, settings);
            results.Add(await PlatformImageGenerator.GenerateAsync(plan, settings, client, cancellationToken));
        }
        return results;
    }
}
