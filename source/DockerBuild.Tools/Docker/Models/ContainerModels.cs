using System.Text.Json.Serialization;

namespace DockerBuild.Tools.Docker.Models;

/// <summary>POST /containers/create: the container's configuration (Engine API field names).</summary>
public sealed record CreateContainerParameters
{
    /// <summary>Sent as the <c>name</c> query parameter, not in the body.</summary>
    [JsonIgnore] public string? Name { get; init; }
    /// <summary>Sent as the <c>platform</c> query parameter (API 1.41+).</summary>
    [JsonIgnore] public string? Platform { get; init; }
    public required string Image { get; init; }
    public IReadOnlyList<string>? Cmd { get; init; }
    public IReadOnlyList<string>? Entrypoint { get; init; }
    /// <summary>KEY=value entries.</summary>
    public IReadOnlyList<string>? Env { get; init; }
    /// <summary>"uid", "uid:gid" or a user name.</summary>
    public string? User { get; init; }
    public string? WorkingDir { get; init; }
    public IReadOnlyDictionary<string, string>? Labels { get; init; }
    public bool Tty { get; init; }
    /// <summary>Keep the container's stdin open for an attached client (<c>docker run -i</c>).</summary>
    public bool OpenStdin { get; init; }
    /// <summary>Close the container's stdin when the attached client closes its side (so the command reads end-of-file).</summary>
    public bool StdinOnce { get; init; }
    public bool AttachStdin { get; init; }
    public bool AttachStdout { get; init; } = true;
    public bool AttachStderr { get; init; } = true;
    public HostConfig? HostConfig { get; init; }
}

/// <summary>The host side of a container: mounts, network, removal.</summary>
public sealed record HostConfig
{
    /// <summary><c>/host/path:/container/path[:ro]</c> entries.</summary>
    public IReadOnlyList<string>? Binds { get; init; }
    public IReadOnlyList<Mount>? Mounts { get; init; }
    /// <summary><c>bridge</c>, <c>host</c>, <c>none</c> or a network name.</summary>
    public string? NetworkMode { get; init; }
    public bool AutoRemove { get; init; }
    public bool Privileged { get; init; }
    /// <summary>Run the engine's init (docker-init) as PID 1, so signals such as a TTY's SIGINT reach the command.</summary>
    public bool? Init { get; init; }
    /// <summary>[height, width] of the TTY from its first moment (API 1.42+; older engines ignore it and need a resize after start).</summary>
    public IReadOnlyList<int>? ConsoleSize { get; init; }
}

/// <summary>A mount (type bind, volume or tmpfs).</summary>
public sealed record Mount
{
    public string Type { get; init; } = "bind";
    public required string Source { get; init; }
    public required string Target { get; init; }
    public bool ReadOnly { get; init; }
}

/// <summary>Reply of POST /containers/create.</summary>
public sealed record CreateContainerResponse
{
    [JsonPropertyName("Id")] public string ID { get; init; } = "";
    public IReadOnlyList<string>? Warnings { get; init; }
}

/// <summary>Reply of POST /containers/{id}/wait.</summary>
public sealed record ContainerWaitResponse
{
    public long StatusCode { get; init; }
    public ContainerWaitError? Error { get; init; }
}

/// <summary>Why waiting on a container failed.</summary>
public sealed record ContainerWaitError
{
    public string? Message { get; init; }
}

/// <summary>GET /containers/{id}/logs.</summary>
public sealed record ContainerLogsParameters
{
    public bool ShowStdout { get; init; } = true;
    public bool ShowStderr { get; init; } = true;
    public bool Follow { get; init; }
    public bool Timestamps { get; init; }
    public string? Tail { get; init; }
}

/// <summary>POST /containers/{id}/attach.</summary>
public sealed record ContainerAttachParameters
{
    public bool Stream { get; init; } = true;
    public bool Stdout { get; init; } = true;
    public bool Stderr { get; init; } = true;
    public bool Stdin { get; init; }
    /// <summary>Replay output written before attaching.</summary>
    public bool Logs { get; init; }
}

/// <summary>GET /containers/json.</summary>
public sealed record ContainersListParameters
{
    /// <summary>Stopped containers too, not only running ones.</summary>
    public bool All { get; init; }
    /// <summary>Engine filters, e.g. <c>label</c> → [<c>key</c>, <c>key=value</c>]; <c>name</c> → [<c>part-of-name</c>].</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>>? Filters { get; init; }
}

/// <summary>One container of GET /containers/json.</summary>
public sealed record ContainerListResponse
{
    [JsonPropertyName("Id")] public string ID { get; init; } = "";
    public IReadOnlyList<string> Names { get; init; } = [];
    public string Image { get; init; } = "";
    public string Command { get; init; } = "";
    public string State { get; init; } = "";
    public IReadOnlyDictionary<string, string>? Labels { get; init; }
}

/// <summary>POST /containers/{id}/resize: the size of the container's TTY, in characters.</summary>
public sealed record ContainerResizeParameters
{
    public required int Height { get; init; }
    public required int Width { get; init; }
}

/// <summary>POST /containers/{id}/kill.</summary>
public sealed record ContainerKillParameters
{
    public string Signal { get; init; } = "KILL";
}

/// <summary>DELETE /containers/{id}.</summary>
public sealed record ContainerRemoveParameters
{
    public bool Force { get; init; }
    public bool RemoveVolumes { get; init; }
}

/// <summary>PUT /containers/{id}/archive: where the tar is extracted.</summary>
public sealed record ContainerPathStatParameters
{
    public required string Path { get; init; }
    public bool AllowOverwriteDirWithFile { get; init; }
}

/// <summary>GET /containers/{id}/archive: which path to copy out.</summary>
public sealed record GetArchiveFromContainerParameters
{
    public required string Path { get; init; }
}

/// <summary>A tar of a container path, with the stat of that path.</summary>
public sealed class GetArchiveFromContainerResponse(ContainerPathStatResponse stat, Stream stream) : IDisposable
{
    public ContainerPathStatResponse Stat { get; } = stat;
    public Stream Stream { get; } = stream;
    public void Dispose() => Stream.Dispose();
}

/// <summary>The X-Docker-Container-Path-Stat header.</summary>
public sealed record ContainerPathStatResponse
{
    [JsonPropertyName("name")] public string Name { get; init; } = "";
    [JsonPropertyName("size")] public long Size { get; init; }
    [JsonPropertyName("mode")] public long Mode { get; init; }
    [JsonPropertyName("linkTarget")] public string? LinkTarget { get; init; }
}

/// <summary>GET /containers/{id}/json (the fields the helper's users read).</summary>
public sealed record ContainerInspectResponse
{
    [JsonPropertyName("Id")] public string ID { get; init; } = "";
    public string Name { get; init; } = "";
    public string Image { get; init; } = "";
    public ContainerState? State { get; init; }
    public IReadOnlyDictionary<string, string>? Labels => Config?.Labels;
    public ImageConfig? Config { get; init; }
    public HostConfig? HostConfig { get; init; }
}

/// <summary>Whether a container runs and how it ended.</summary>
public sealed record ContainerState
{
    public string Status { get; init; } = "";
    public bool Running { get; init; }
    public long ExitCode { get; init; }
}
