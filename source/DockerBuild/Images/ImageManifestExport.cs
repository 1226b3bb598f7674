using System.Formats.Tar;
using DockerBuild.Images.Recipe;
using DockerBuild.Tools.Docker;
using DockerBuild.Tools.Docker.Models;

namespace DockerBuild.Images;

/// <summary>
/// Copies the package manifest out of an image through the engine (a created, never started container and an
/// archive GET), so it works with a remote engine and needs no bind mount.
/// </summary>
public static class ImageManifestExport
{
    /// <summary>The manifest text of <paramref name="image"/>.</summary>
    public static async Task<string> ReadAsync(DockerClient client, string image, CancellationToken cancellationToken)
    {
        var created = await client.Containers.CreateContainerAsync(new CreateContainerParameters
        {
            Image = image,
            Name = $"dockerbuild-manifest-{Guid.NewGuid():N}",
            Cmd = ["true"],
        }, cancellationToken);
        try
        {
            using var archive = await client.Containers.GetArchiveFromContainerAsync(created.ID,
                new GetArchiveFromContainerParameters { Path = ToolchainRecipe.ManifestPath }, cancellationToken);
            await using var reader = new TarReader(archive.Stream);
            while (await reader.GetNextEntryAsync(copyData: false, cancellationToken) is { } entry)
            {
                if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile) || entry.DataStream is null) continue;
                using var text = new StreamReader(entry.DataStream);
                return await text.ReadToEndAsync(cancellationToken);
            }
            throw new InvalidDataException($"{image}: the engine's archive of {ToolchainRecipe.ManifestPath} holds no regular file.");
        }
        finally
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await client.Containers.RemoveContainerAsync(created.ID, new ContainerRemoveParameters { Force = true }, timeout.Token);
        }
    }
}
