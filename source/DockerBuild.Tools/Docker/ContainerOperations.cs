using System.Text;
using System.Text.Json;
using DockerBuild.Tools.Docker.Models;
using DockerBuild.Tools.Docker.Streams;
using DockerBuild.Tools.Docker.Transport;

namespace DockerBuild.Tools.Docker;

/// <summary>Container endpoints: list, create, start, attach, resize, logs, wait, kill, remove, inspect, and tar copies in and out.</summary>
public sealed class ContainerOperations
{
    private readonly EngineConnection _connection;

    internal ContainerOperations(EngineConnection connection) => _connection = connection;

    /// <summary>GET /containers/json: running containers, or all with <see cref="ContainersListParameters.All"/>, matching the filters.</summary>
    public Task<IReadOnlyList<ContainerListResponse>> ListContainersAsync(ContainersListParameters parameters, CancellationToken cancellationToken = default)
    {
        var query = new QueryString().Add("all", parameters.All);
        if (parameters.Filters is { Count: > 0 } filters) query.AddJson("filters", filters);
        return _connection.SendForJsonAsync<IReadOnlyList<ContainerListResponse>>(HttpMethod.Get, "containers/json", query, cancellationToken: cancellationToken);
    }

    /// <summary>POST /containers/create; a missing image throws <see cref="DockerImageNotFoundException"/>.</summary>
    public Task<CreateContainerResponse> CreateContainerAsync(CreateContainerParameters parameters, CancellationToken cancellationToken = default) =>
        _connection.SendForJsonAsync<CreateContainerResponse>(HttpMethod.Post, "containers/create",
            new QueryString().Add("name", parameters.Name).Add("platform", parameters.Platform), EngineConnection.JsonContent(parameters),
            EngineObject.Image, parameters.Image, cancellationToken: cancellationToken);

    /// <summary>POST /containers/{id}/start; false when it was already running.</summary>
    public async Task<bool> StartContainerAsync(string id, CancellationToken cancellationToken = default)
    {
        using var response = await _connection.SendAsync(HttpMethod.Post, $"containers/{id}/start", subject: EngineObject.Container, subjectName: id, cancellationToken: cancellationToken);
        return response.StatusCode != System.Net.HttpStatusCode.NotModified;
    }

    /// <summary>
    /// GET /containers/{id}/logs; with <see cref="ContainerLogsParameters.Follow"/> the stream stays open until the
    /// container exits. Output is demultiplexed unless the container has a TTY.
    /// </summary>
    public async Task<MultiplexedStream> GetContainerLogsAsync(string id, bool tty, ContainerLogsParameters parameters, CancellationToken cancellationToken = default)
    {
        var query = new QueryString().Add("stdout", parameters.ShowStdout).Add("stderr", parameters.ShowStderr).Add("follow", parameters.Follow)
            .Add("timestamps", parameters.Timestamps).Add("tail", parameters.Tail);
        var response = await _connection.SendAsync(HttpMethod.Get, $"containers/{id}/logs", query, subject: EngineObject.Container, subjectName: id,
            completion: HttpCompletionOption.ResponseHeadersRead, cancellationToken: cancellationToken);
        return new MultiplexedStream(new ResponseOwningStream(await response.Content.ReadAsStreamAsync(cancellationToken), response), multiplexed: !tty);
    }

    /// <summary>
    /// POST /containers/{id}/attach with the connection upgraded to a raw duplex stream; attaching before start misses
    /// no output. Output is demultiplexed unless the container has a TTY. With <see cref="ContainerAttachParameters.Stdin"/>
    /// (and a container created with OpenStdin) writes reach the container's stdin and
    /// <see cref="MultiplexedStream.CloseWriteAsync"/> ends it.
    /// </summary>
    public async Task<MultiplexedStream> AttachContainerAsync(string id, bool tty, ContainerAttachParameters parameters, CancellationToken cancellationToken = default)
    {
        var query = new QueryString().Add("stream", parameters.Stream).Add("stdout", parameters.Stdout).Add("stderr", parameters.Stderr)
            .Add("stdin", parameters.Stdin).Add("logs", parameters.Logs);
        var stream = await _connection.UpgradeAsync(HttpMethod.Post, $"containers/{id}/attach", query, EngineObject.Container, id, cancellationToken);
        return new MultiplexedStream(stream, multiplexed: !tty);
    }

    /// <summary>POST /containers/{id}/resize: sets the size of a running container's TTY (the command gets SIGWINCH).</summary>
    public async Task ResizeContainerTtyAsync(string id, ContainerResizeParameters parameters, CancellationToken cancellationToken = default)
    {
        using var _ = await _connection.SendAsync(HttpMethod.Post, $"containers/{id}/resize", new QueryString().Add("h", parameters.Height.ToString(System.Globalization.CultureInfo.InvariantCulture)).Add("w", parameters.Width.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            subject: EngineObject.Container, subjectName: id, cancellationToken: cancellationToken);
    }

    /// <summary>POST /containers/{id}/wait: blocks until the container stops and returns its exit code.</summary>
    public Task<ContainerWaitResponse> WaitContainerAsync(string id, CancellationToken cancellationToken = default) =>
        _connection.SendForJsonAsync<ContainerWaitResponse>(HttpMethod.Post, $"containers/{id}/wait", subject: EngineObject.Container, subjectName: id,
            cancellationToken: cancellationToken);

    /// <summary>POST /containers/{id}/kill.</summary>
    public async Task KillContainerAsync(string id, ContainerKillParameters parameters, CancellationToken cancellationToken = default)
    {
        using var _ = await _connection.SendAsync(HttpMethod.Post, $"containers/{id}/kill", new QueryString().Add("signal", parameters.Signal),
            subject: EngineObject.Container, subjectName: id, cancellationToken: cancellationToken);
    }

    /// <summary>DELETE /containers/{id}.</summary>
    public async Task RemoveContainerAsync(string id, ContainerRemoveParameters parameters, CancellationToken cancellationToken = default)
    {
        using var _ = await _connection.SendAsync(HttpMethod.Delete, $"containers/{id}", new QueryString().Add("force", parameters.Force).Add("v", parameters.RemoveVolumes),
            subject: EngineObject.Container, subjectName: id, cancellationToken: cancellationToken);
    }

    /// <summary>GET /containers/{id}/json; a missing container throws <see cref="DockerContainerNotFoundException"/>.</summary>
    public Task<ContainerInspectResponse> InspectContainerAsync(string id, CancellationToken cancellationToken = default) =>
        _connection.SendForJsonAsync<ContainerInspectResponse>(HttpMethod.Get, $"containers/{id}/json", subject: EngineObject.Container, subjectName: id,
            cancellationToken: cancellationToken);

    /// <summary>PUT /containers/{id}/archive: extracts a tar into a directory of the container (works with remote engines).</summary>
    public async Task ExtractArchiveToContainerAsync(string id, ContainerPathStatParameters parameters, Stream tar, CancellationToken cancellationToken = default)
    {
        var query = new QueryString().Add("path", parameters.Path).Add("noOverwriteDirNonDir", !parameters.AllowOverwriteDirWithFile);
        using var _ = await _connection.SendAsync(HttpMethod.Put, $"containers/{id}/archive", query, EngineConnection.TarContent(tar),
            subject: EngineObject.Container, subjectName: id, cancellationToken: cancellationToken);
    }

    /// <summary>GET /containers/{id}/archive: a tar of a container path; dispose the response to release the connection.</summary>
    public async Task<GetArchiveFromContainerResponse> GetArchiveFromContainerAsync(string id, GetArchiveFromContainerParameters parameters, CancellationToken cancellationToken = default)
    {
        var response = await _connection.SendAsync(HttpMethod.Get, $"containers/{id}/archive", new QueryString().Add("path", parameters.Path),
            subject: EngineObject.Container, subjectName: id, completion: HttpCompletionOption.ResponseHeadersRead, cancellationToken: cancellationToken);
        var stat = new ContainerPathStatResponse();
        if (response.Headers.TryGetValues("X-Docker-Container-Path-Stat", out var values) && values.FirstOrDefault() is { } encoded)
            stat = JsonSerializer.Deserialize<ContainerPathStatResponse>(Encoding.UTF8.GetString(Convert.FromBase64String(encoded)), EngineConnection.Json) ?? stat;
        return new GetArchiveFromContainerResponse(stat, new ResponseOwningStream(await response.Content.ReadAsStreamAsync(cancellationToken), response));
    }
}
