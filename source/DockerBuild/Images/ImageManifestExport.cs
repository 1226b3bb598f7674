using System.Formats.Tar;
using DockerBuild.Images.Recipe;
using DockerBuild.Tools.Engine;

namespace DockerBuild.Images;

/// <summary>
/// Copies the package manifest out of an image through the engine (a created, never started container and an
/// archive GET), so it works with a remote engine and needs no bind mount.
/// </summary>
public static class ImageManifestExport
{
    /// <summary>The manifest text of <paramref name="image"/>.</summary>
    public static async Task<string> ReadAsync(ContainerEngine engine, string image, CancellationToken cancellationToken)
    {
        await using var container = await engine.Containers.CreateAsync(new ContainerSpec
        {
            Image = image,
            Name = $"dockerbuild-manifest-{Guid.NewGuid():N}",
            Command = ["true"],
        }, cancellationToken);
        await using var archive = await container.CopyOutAsync(ToolchainRecipe.ManifestPath, cancellationToken)
            ?? throw new InvalidDataException($"{image} has no {ToolchainRecipe.ManifestPath}.");
        await using var reader = new TarReader(archive);
        while (await reader.GetNextEntryAsync(copyData: false, cancellationToken) is { } entry)
        {
            if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile) || entry.DataStream is null) continue;
            using var text = new StreamReader(entry.DataStream);
            return await text.ReadToEndAsync(cancellationToken);
        }
        throw new InvalidDataException($"{image}: the engine's archive of {ToolchainRecipe.ManifestPath} holds no regular file.");
    }
}
