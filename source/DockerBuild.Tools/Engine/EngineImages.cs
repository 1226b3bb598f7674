using DockerBuild.Tools.Docker;
using DockerBuild.Tools.Docker.Auth;
using DockerBuild.Tools.Docker.Models;

namespace DockerBuild.Tools.Engine;

/// <summary>
/// Images of the engine: look-ups by reference or label, pull, push, build, import, tag, remove, and asking a registry
/// what it serves for a tag (the content-key look-up). Credentials given explicitly win; otherwise the engine
/// connection's <c>~/.docker/config.json</c> entry for the registry is sent.
/// </summary>
public sealed class EngineImages
{
    private readonly DockerClient _client;

    internal EngineImages(DockerClient client) => _client = client;

    /// <summary>The image, or null when the engine does not have it.</summary>
    public async Task<EngineImage?> FindAsync(string reference, CancellationToken cancellationToken)
    {
        var found = await EngineErrors.TranslateAsync(() => _client.Images.TryInspectImageAsync(reference, cancellationToken));
        return found is null ? null : FromInspect(found);
    }

    /// <summary>The image; one the engine does not have throws <see cref="EngineObjectNotFoundException"/>.</summary>
    public async Task<EngineImage> InspectAsync(string reference, CancellationToken cancellationToken) =>
        FromInspect(await EngineErrors.TranslateAsync(() => _client.Images.InspectImageAsync(reference, cancellationToken)));

    /// <summary>Images carrying <paramref name="label"/> (<c>key</c> or <c>key=value</c>).</summary>
    public Task<IReadOnlyList<EngineImage>> ListLabelledAsync(string label, CancellationToken cancellationToken) => ListAsync("label", label, cancellationToken);

    /// <summary>Images whose reference matches <paramref name="pattern"/> (e.g. <c>dockerbuild/rootfs-*</c>).</summary>
    public Task<IReadOnlyList<EngineImage>> ListMatchingAsync(string pattern, CancellationToken cancellationToken) => ListAsync("reference", pattern, cancellationToken);

    private async Task<IReadOnlyList<EngineImage>> ListAsync(string filter, string value, CancellationToken cancellationToken)
    {
        var listed = await EngineErrors.TranslateAsync(() => _client.Images.ListImagesAsync(new ImagesListParameters
        {
            Filters = new Dictionary<string, IReadOnlyList<string>> { [filter] = [value] },
        }, cancellationToken));
        return listed.Select(i => new EngineImage
        {
            Id = i.ID,
            RepoTags = i.RepoTags ?? [],
            RepoDigests = i.RepoDigests ?? [],
            Labels = i.Labels ?? new Dictionary<string, string>(),
            Created = DateTimeOffset.FromUnixTimeSeconds(i.Created),
            Size = i.Size,
        }).ToList();
    }

    /// <summary>Pulls <c>repository:tag</c> (or <c>repository@digest</c> when <paramref name="tag"/> is a digest); a failure in the stream throws with the engine's message.</summary>
    public Task PullAsync(string repository, string tag, RegistryCredentials? credentials, IProgress<EngineProgress>? progress, CancellationToken cancellationToken) =>
        EngineErrors.TranslateAsync(() => _client.Images.CreateImageAsync(new ImagesCreateParameters { FromImage = repository, Tag = tag },
            Auth(credentials), EngineProgressLines.From(progress), cancellationToken));

    /// <summary>Pushes <c>repository:tag</c> and returns the manifest digest the registry now serves for it.</summary>
    public Task<string> PushAsync(string repository, string tag, RegistryCredentials? credentials, IProgress<EngineProgress>? progress,
        CancellationToken cancellationToken) =>
        EngineErrors.TranslateAsync(() => _client.Images.PushImageAsync(repository, new ImagePushParameters { Tag = tag }, Auth(credentials),
            EngineProgressLines.From(progress), cancellationToken));

    /// <summary>Builds from a tar context (its <c>Dockerfile</c>) and returns the image ID; a failed step throws with the engine's message.</summary>
    public Task<string> BuildAsync(ImageBuildSpec spec, Stream context, IProgress<EngineProgress>? progress, CancellationToken cancellationToken) =>
        EngineErrors.TranslateAsync(() => _client.Images.BuildImageFromDockerfileAsync(new ImageBuildParameters
        {
            Tags = spec.Tags, BuildArgs = spec.BuildArgs, Labels = spec.Labels, NetworkMode = spec.NetworkMode, NoCache = spec.NoCache,
        }, context, null, EngineProgressLines.From(progress), cancellationToken));

    /// <summary>Imports a root filesystem tar as the image <paramref name="reference"/> (<c>repository:tag</c>).</summary>
    public Task ImportAsync(Stream rootfs, string reference, ImageImportSpec spec, IProgress<EngineProgress>? progress, CancellationToken cancellationToken)
    {
        var separator = reference.LastIndexOf(':');
        if (separator <= reference.LastIndexOf('/'))
            throw new ArgumentException($"'{reference}' names no tag; an imported image is named repository:tag.", nameof(reference));
        return EngineErrors.TranslateAsync(() => _client.Images.CreateImageAsync(new ImagesCreateParameters
        {
            FromSrc = "-", Repo = reference[..separator], Tag = reference[(separator + 1)..], Platform = spec.Platform, Message = spec.Message,
            Changes = spec.Changes,
        }, rootfs, null, EngineProgressLines.From(progress), cancellationToken));
    }

    /// <summary>Tags <paramref name="source"/> as <c>repository:tag</c>, moving the tag when another image had it.</summary>
    public Task TagAsync(string source, string repository, string tag, CancellationToken cancellationToken) =>
        EngineErrors.TranslateAsync(() => _client.Images.TagImageAsync(source,
            new ImageTagParameters { RepositoryName = repository, Tag = tag, Force = true }, cancellationToken));

    /// <summary>Removes a tag (the image goes with its last tag); an image a container uses stays unless <paramref name="force"/>.</summary>
    public Task RemoveAsync(string reference, CancellationToken cancellationToken, bool force = false) =>
        EngineErrors.TranslateAsync(() => _client.Images.DeleteImageAsync(reference, new ImageDeleteParameters { Force = force }, cancellationToken));

    /// <summary>
    /// The manifest digest a registry serves for <paramref name="reference"/>, asked through the engine without
    /// transferring layers; one the registry does not serve (or refuses) throws <see cref="EngineException"/>.
    /// </summary>
    public async Task<string> ServedDigestAsync(string reference, RegistryCredentials? credentials, CancellationToken cancellationToken) =>
        (await EngineErrors.TranslateAsync(() => _client.Distribution.InspectDistributionAsync(reference, Auth(credentials), cancellationToken))).Descriptor.Digest;

    private static AuthConfig? Auth(RegistryCredentials? credentials) => credentials is null
        ? null
        : new AuthConfig { Username = credentials.User, Password = credentials.Password, ServerAddress = credentials.Registry };

    private static EngineImage FromInspect(ImageInspectResponse image) => new()
    {
        Id = image.ID,
        RepoTags = image.RepoTags,
        RepoDigests = image.RepoDigests,
        Labels = image.Config?.Labels ?? new Dictionary<string, string>(),
        Env = image.Config?.Env ?? [],
        Created = image.Created,
        Size = image.Size,
    };
}
