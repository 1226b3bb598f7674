using System.Text.Json;
using DockerBuild.Tools.Docker.Auth;
using DockerBuild.Tools.Docker.Models;
using DockerBuild.Tools.Docker.Streams;
using DockerBuild.Tools.Docker.Transport;

namespace DockerBuild.Tools.Docker;

/// <summary>Image endpoints: inspect, list, pull, import, push, tag, remove, build, save and load.</summary>
public sealed class ImageOperations
{
    private readonly EngineConnection _connection;
    private readonly RegistryAuthResolver _auth;

    internal ImageOperations(EngineConnection connection, RegistryAuthResolver auth)
    {
        _connection = connection;
        _auth = auth;
    }

    /// <summary>GET /images/{name}/json; a missing image throws <see cref="DockerImageNotFoundException"/>.</summary>
    public Task<ImageInspectResponse> InspectImageAsync(string name, CancellationToken cancellationToken = default) =>
        _connection.SendForJsonAsync<ImageInspectResponse>(HttpMethod.Get, $"images/{name}/json", subject: EngineObject.Image, subjectName: name, cancellationToken: cancellationToken);

    /// <summary>The image, or null when the engine does not have it.</summary>
    public async Task<ImageInspectResponse?> TryInspectImageAsync(string name, CancellationToken cancellationToken = default)
    {
        try
        {
            return await InspectImageAsync(name, cancellationToken);
        }
        catch (DockerImageNotFoundException)
        {
            return null;
        }
    }

    public Task<IList<ImagesListResponse>> ListImagesAsync(ImagesListParameters parameters, CancellationToken cancellationToken = default)
    {
        var query = new QueryString().Add("all", parameters.All);
        if (parameters.Filters.Count > 0)
            query.AddJson("filters", parameters.Filters.ToDictionary(f => f.Key, f => f.Value));
        return _connection.SendForJsonAsync<IList<ImagesListResponse>>(HttpMethod.Get, "images/json", query, cancellationToken: cancellationToken);
    }

    /// <summary>
    /// Pulls <see cref="ImagesCreateParameters.FromImage"/> (POST /images/create), reporting progress; an error in the
    /// stream (e.g. "manifest unknown") throws <see cref="DockerStreamErrorException"/>. Returns the messages that carry
    /// results (e.g. "Digest: sha256:…").
    /// </summary>
    public async Task<IReadOnlyList<JSONMessage>> CreateImageAsync(ImagesCreateParameters parameters, AuthConfig? authConfig,
        IProgress<JSONMessage>? progress, CancellationToken cancellationToken = default)
    {
        if (parameters.FromImage is null)
            throw new ArgumentException("ImagesCreateParameters.FromImage is required to pull; to import a tar use the overload taking a stream.", nameof(parameters));
        var headers = new Dictionary<string, string> { ["X-Registry-Auth"] = _auth.HeaderFor(parameters.FromImage, authConfig) };
        var reference = parameters.Tag is null ? parameters.FromImage : $"{parameters.FromImage}:{parameters.Tag}";
        return await StreamAsync(HttpMethod.Post, "images/create", CreateQuery(parameters), null, headers, $"pull {reference}", progress, EngineObject.Image, reference, cancellationToken);
    }

    /// <summary>Imports a root filesystem tar as an image (POST /images/create?fromSrc=-), named by Repo and Tag.</summary>
    public async Task<IReadOnlyList<JSONMessage>> CreateImageAsync(ImagesCreateParameters parameters, Stream imageStream,
        AuthConfig? authConfig, IProgress<JSONMessage>? progress, CancellationToken cancellationToken = default)
    {
        if (parameters.FromSrc != "-")
            throw new ArgumentException("ImagesCreateParameters.FromSrc must be \"-\" to import the tar given as a stream.", nameof(parameters));
        var headers = new Dictionary<string, string>();
        if (authConfig is not null) headers["X-Registry-Auth"] = authConfig.ToHeaderValue();
        return await StreamAsync(HttpMethod.Post, "images/create", CreateQuery(parameters), EngineConnection.TarContent(imageStream), headers,
            $"import {parameters.Repo}:{parameters.Tag}", progress, EngineObject.None, "", cancellationToken);
    }

    private static QueryString CreateQuery(ImagesCreateParameters p)
    {
        var query = new QueryString().Add("fromImage", p.FromImage).Add("fromSrc", p.FromSrc).Add("repo", p.Repo).Add("tag", p.Tag)
            .Add("platform", p.Platform).Add("message", p.Message);
        foreach (var change in p.Changes) query.Add("changes", change);
        return query;
    }

    /// <summary>
    /// Pushes a local image (POST /images/{name}/push); returns the pushed manifest digest from the stream's aux result.
    /// </summary>
    public async Task<string> PushImageAsync(string name, ImagePushParameters parameters, AuthConfig? authConfig,
        IProgress<JSONMessage>? progress, CancellationToken cancellationToken = default)
    {
        var headers = new Dictionary<string, string> { ["X-Registry-Auth"] = _auth.HeaderFor(name, authConfig) };
        var reference = parameters.Tag is null ? name : $"{name}:{parameters.Tag}";
        var notable = await StreamAsync(HttpMethod.Post, $"images/{name}/push", new QueryString().Add("tag", parameters.Tag), null, headers,
            $"push {reference}", progress, EngineObject.Image, reference, cancellationToken);
        foreach (var message in notable)
        {
            if (message.Aux is { ValueKind: JsonValueKind.Object } aux && aux.TryGetProperty("Digest", out var digest) && digest.GetString() is { } d)
                return d;
        }
        throw new DockerStreamErrorException($"push {reference}", "the engine finished the push without reporting the pushed digest", null);
    }

    /// <summary>
    /// GET /images/get: the named images (with their tags and configuration) as one tar in the <c>docker save</c>
    /// format, streamed; dispose the stream to release the connection.
    /// </summary>
    public async Task<Stream> SaveImagesAsync(IEnumerable<string> names, CancellationToken cancellationToken = default)
    {
        var query = new QueryString();
        foreach (var name in names) query.Add("names", name);
        var response = await _connection.SendAsync(HttpMethod.Get, "images/get", query, subject: EngineObject.Image, subjectName: string.Join(", ", names),
            completion: HttpCompletionOption.ResponseHeadersRead, cancellationToken: cancellationToken);
        return new ResponseOwningStream(await response.Content.ReadAsStreamAsync(cancellationToken), response);
    }

    /// <summary>POST /images/load: loads a <c>docker save</c> tar; returns the messages that carry results ("Loaded image: …").</summary>
    public Task<IReadOnlyList<JSONMessage>> LoadImagesAsync(Stream tar, IProgress<JSONMessage>? progress, CancellationToken cancellationToken = default) =>
        StreamAsync(HttpMethod.Post, "images/load", new QueryString().Add("quiet", progress is null), EngineConnection.TarContent(tar),
            new Dictionary<string, string>(), "load images", progress, EngineObject.None, "", cancellationToken);

    /// <summary>POST /images/{name}/tag.</summary>
    public async Task TagImageAsync(string name, ImageTagParameters parameters, CancellationToken cancellationToken = default)
    {
        var query = new QueryString().Add("repo", parameters.RepositoryName).Add("tag", parameters.Tag).Add("force", parameters.Force);
        using var _ = await _connection.SendAsync(HttpMethod.Post, $"images/{name}/tag", query, subject: EngineObject.Image, subjectName: name, cancellationToken: cancellationToken);
    }

    /// <summary>DELETE /images/{name}.</summary>
    public Task<IList<ImageDeleteResponse>> DeleteImageAsync(string name, ImageDeleteParameters parameters, CancellationToken cancellationToken = default) =>
        _connection.SendForJsonAsync<IList<ImageDeleteResponse>>(HttpMethod.Delete, $"images/{name}",
            new QueryString().Add("force", parameters.Force).Add("noprune", parameters.NoPrune), subject: EngineObject.Image, subjectName: name,
            cancellationToken: cancellationToken);

    /// <summary>
    /// Builds from a tar context (POST /build) with the classic builder; returns the built image ID. Credentials are
    /// sent for every registry the Dockerfile may pull from.
    /// </summary>
    public async Task<string> BuildImageFromDockerfileAsync(ImageBuildParameters parameters, Stream contents, IEnumerable<AuthConfig>? authConfigs,
        IProgress<JSONMessage>? progress, CancellationToken cancellationToken = default)
    {
        var query = new QueryString().Add("dockerfile", parameters.Dockerfile).Add("platform", parameters.Platform).Add("target", parameters.Target)
            .Add("nocache", parameters.NoCache).Add("pull", parameters.Pull).Add("rm", true).Add("forcerm", parameters.ForceRemove)
            .Add("networkmode", parameters.NetworkMode);
        foreach (var tag in parameters.Tags) query.Add("t", tag);
        if (parameters.BuildArgs.Count > 0) query.AddJson("buildargs", parameters.BuildArgs);
        if (parameters.Labels.Count > 0) query.AddJson("labels", parameters.Labels);
        var headers = new Dictionary<string, string> { ["X-Registry-Config"] = AuthConfig.ToConfigHeaderValue(authConfigs ?? []) };
        var what = parameters.Tags.Count > 0 ? $"build {parameters.Tags[0]}" : "build";
        var notable = await StreamAsync(HttpMethod.Post, "build", query, EngineConnection.TarContent(contents), headers, what, progress, EngineObject.None, "", cancellationToken);
        foreach (var message in notable)
        {
            if (message.Aux is { ValueKind: JsonValueKind.Object } aux && aux.TryGetProperty("ID", out var id) && id.GetString() is { } imageId)
                return imageId;
        }
        throw new DockerStreamErrorException(what, "the engine finished the build without reporting the image ID", null);
    }

    private async Task<IReadOnlyList<JSONMessage>> StreamAsync(HttpMethod method, string path, QueryString query, HttpContent? content,
        IReadOnlyDictionary<string, string> headers, string operation, IProgress<JSONMessage>? progress, EngineObject subject, string subjectName,
        CancellationToken cancellationToken)
    {
        using var response = await _connection.SendAsync(method, path, query, content, headers, subject, subjectName, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        return await JsonMessageReader.ReadAllAsync(stream, operation, progress, cancellationToken);
    }
}
