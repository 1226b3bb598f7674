using Docker.DotNet.Models;
using DockerBuild.Tools.Engine.Registries;

namespace DockerBuild.Tools.Engine;

/// <summary>
/// Images of the engine: look-ups by reference or label, pull, push, build, import, tag, remove, and asking a registry
/// what it serves for a tag (the content-key look-up). Credentials given explicitly win; otherwise the engine
/// connection's <c>~/.docker/config.json</c> entry for the registry is sent.
/// </summary>
public sealed class EngineImages
{
    private readonly EngineConnection _connection;
    private readonly DockerConfigCredentials? _stored;

    internal EngineImages(EngineConnection connection, DockerConfigCredentials? stored)
    {
        _connection = connection;
        _stored = stored;
    }

    /// <summary>The image, or null when the engine does not have it.</summary>
    public async Task<EngineImage?> FindAsync(string reference, CancellationToken cancellationToken)
    {
        try
        {
            return await InspectAsync(reference, cancellationToken);
        }
        catch (EngineObjectNotFoundException)
        {
            return null;
        }
    }

    /// <summary>The image; one the engine does not have throws <see cref="EngineObjectNotFoundException"/>.</summary>
    public async Task<EngineImage> InspectAsync(string reference, CancellationToken cancellationToken)
    {
        var image = await _connection.RunAsync(c => c.Images.InspectImageAsync(reference, cancellationToken), cancellationToken);
        return new EngineImage
        {
            Id = image.ID,
            RepoTags = image.RepoTags?.ToList() ?? [],
            RepoDigests = image.RepoDigests?.ToList() ?? [],
            Labels = image.Config?.Labels?.AsReadOnly() ?? new Dictionary<string, string>().AsReadOnly(),
            Env = image.Config?.Env?.ToList() ?? [],
            WorkingDirectory = image.Config?.WorkingDir,
            Created = image.Created is { } created ? new DateTimeOffset(DateTime.SpecifyKind(created, DateTimeKind.Utc)) : default,
            Size = image.Size,
        };
    }

    /// <summary>Images carrying <paramref name="label"/> (<c>key</c> or <c>key=value</c>).</summary>
    public Task<IReadOnlyList<EngineImage>> ListLabelledAsync(string label, CancellationToken cancellationToken) => ListAsync("label", label, cancellationToken);

    /// <summary>Images whose reference matches <paramref name="pattern"/> (e.g. <c>dockerbuild/rootfs-*</c>).</summary>
    public Task<IReadOnlyList<EngineImage>> ListMatchingAsync(string pattern, CancellationToken cancellationToken) => ListAsync("reference", pattern, cancellationToken);

    private async Task<IReadOnlyList<EngineImage>> ListAsync(string filter, string value, CancellationToken cancellationToken)
    {
        var listed = await _connection.RunAsync(c => c.Images.ListImagesAsync(new ImagesListParameters
        {
            Filters = new Dictionary<string, IDictionary<string, bool>> { [filter] = new Dictionary<string, bool> { [value] = true } },
        }, cancellationToken), cancellationToken);
        return listed.Select(i => new EngineImage
        {
            Id = i.ID,
            RepoTags = i.RepoTags?.ToList() ?? [],
            RepoDigests = i.RepoDigests?.ToList() ?? [],
            Labels = i.Labels?.AsReadOnly() ?? new Dictionary<string, string>().AsReadOnly(),
            Created = new DateTimeOffset(DateTime.SpecifyKind(i.Created, DateTimeKind.Utc)),
            Size = i.Size,
        }).ToList();
    }

    /// <summary>Pulls <c>repository:tag</c> (or <c>repository@digest</c> when <paramref name="tag"/> is a digest); a failure in the stream throws with the engine's message.</summary>
    public async Task PullAsync(string repository, string tag, RegistryCredentials? credentials, IProgress<EngineProgress>? progress, CancellationToken cancellationToken)
    {
        var messages = new EngineStreamMessages($"pull {repository}:{tag}", progress);
        await _connection.RunAsync(c => c.Images.CreateImageAsync(new ImagesCreateParameters { FromImage = repository, Tag = tag },
            Auth(repository, credentials), messages, cancellationToken), cancellationToken);
        messages.ThrowIfFailed();
    }

    /// <summary>Pushes <c>repository:tag</c> and returns the manifest digest the registry now serves for it.</summary>
    public async Task<string> PushAsync(string repository, string tag, RegistryCredentials? credentials, IProgress<EngineProgress>? progress,
        CancellationToken cancellationToken)
    {
        var messages = new EngineStreamMessages($"push {repository}:{tag}", progress);
        // The engine wants X-Registry-Auth on a push even when it is empty.
        var auth = Auth(repository, credentials) ?? new AuthConfig();
        await _connection.RunAsync(c => c.Images.PushImageAsync(repository, new ImagePushParameters { Tag = tag }, auth, messages, cancellationToken), cancellationToken);
        return messages.Aux("Digest");
    }

    /// <summary>Builds from a tar context (its <c>Dockerfile</c>) and returns the image ID; a failed step throws with the engine's message.</summary>
    public async Task<string> BuildAsync(ImageBuildSpec spec, Stream context, IProgress<EngineProgress>? progress, CancellationToken cancellationToken)
    {
        var messages = new EngineStreamMessages(spec.Tags.Count > 0 ? $"build {spec.Tags[0]}" : "build", progress);
        var parameters = new ImageBuildParameters
        {
            Tags = spec.Tags.ToList(),
            BuildArgs = spec.BuildArgs.ToDictionary(),
            Labels = spec.Labels.ToDictionary(),
            NetworkMode = spec.NetworkMode,
            NoCache = spec.NoCache,
            Remove = true,
            // A failed step's container too: a refused build leaves nothing behind in the engine.
            ForceRemove = true,
        };
        await _connection.RunAsync(c => c.Images.BuildImageFromDockerfileAsync(parameters, context, [], new Dictionary<string, string>(), messages, cancellationToken),
            cancellationToken);
        return messages.Aux("ID");
    }

    /// <summary>Imports a root filesystem tar as the image <paramref name="reference"/> (<c>repository:tag</c>).</summary>
    public async Task ImportAsync(Stream rootfs, string reference, ImageImportSpec spec, IProgress<EngineProgress>? progress, CancellationToken cancellationToken)
    {
        var separator = reference.LastIndexOf(':');
        if (separator <= reference.LastIndexOf('/'))
            throw new ArgumentException($"'{reference}' names no tag; an imported image is named repository:tag.", nameof(reference));
        var messages = new EngineStreamMessages($"import {reference}", progress);
        await _connection.RunAsync(c => c.Images.CreateImageAsync(new ImagesCreateParameters
        {
            FromSrc = "-", Repo = reference[..separator], Tag = reference[(separator + 1)..], Platform = spec.Platform, Message = spec.Message,
            Changes = spec.Changes.ToList(),
        }, rootfs, null, messages, cancellationToken), cancellationToken);
        messages.ThrowIfFailed();
    }

    /// <summary>Tags <paramref name="source"/> as <c>repository:tag</c>, moving the tag when another image had it.</summary>
    public Task TagAsync(string source, string repository, string tag, CancellationToken cancellationToken) =>
        _connection.RunAsync(c => c.Images.TagImageAsync(source, new ImageTagParameters { RepositoryName = repository, Tag = tag }, cancellationToken), cancellationToken);

    /// <summary>Removes a tag (the image goes with its last tag); an image a container uses stays unless <paramref name="force"/>.</summary>
    public Task RemoveAsync(string reference, CancellationToken cancellationToken, bool force = false) =>
        _connection.RunAsync(c => c.Images.DeleteImageAsync(reference, new ImageDeleteParameters { Force = force }, cancellationToken), cancellationToken);

    /// <summary>The named images (with their tags) as one tar in the <c>docker save</c> format; dispose it to release the connection.</summary>
    public Task<Stream> SaveAsync(IEnumerable<string> references, CancellationToken cancellationToken) =>
        _connection.RunAsync(c => c.Images.SaveImagesAsync(references.ToArray(), cancellationToken), cancellationToken);

    /// <summary>Loads a <c>docker save</c> tar (another engine's images, with their tags).</summary>
    public async Task LoadAsync(Stream tar, CancellationToken cancellationToken)
    {
        var messages = new EngineStreamMessages("load images", null);
        await _connection.RunAsync(c => c.Images.LoadImageAsync(new ImageLoadParameters { Quiet = true }, tar, messages, cancellationToken), cancellationToken);
        messages.ThrowIfFailed();
    }

    /// <summary>
    /// The manifest digest a registry serves for <paramref name="reference"/>, asked through the engine without
    /// transferring layers; one the registry does not serve (or refuses) throws <see cref="EngineException"/>.
    /// </summary>
    public Task<string> ServedDigestAsync(string reference, RegistryCredentials? credentials, CancellationToken cancellationToken) =>
        _connection.RunAsync(_ => EnginePlainRequests.ServedDigestAsync(_connection.Plain, reference,
            RegistryAuthHeader.Encode(Auth(reference, credentials)), cancellationToken), cancellationToken);

    /// <summary>The explicit credentials, else the config file's for the image's registry, else none.</summary>
    private AuthConfig? Auth(string image, RegistryCredentials? credentials) => credentials is null
        ? _stored?.Find(RegistryAddress.Of(image))
        : new AuthConfig { Username = credentials.User, Password = credentials.Password, ServerAddress = credentials.Registry };
}
