namespace DockerBuild.Tools.Engine;

/// <summary>An image the engine holds, with what its users read.</summary>
public sealed record EngineImage
{
    public required string Id { get; init; }
    public IReadOnlyList<string> RepoTags { get; init; } = [];
    /// <summary><c>repository@sha256:…</c> for each registry the image was pulled from or pushed to.</summary>
    public IReadOnlyList<string> RepoDigests { get; init; } = [];
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
    /// <summary>The image's configured environment (<c>KEY=value</c>); empty from a listing.</summary>
    public IReadOnlyList<string> Env { get; init; } = [];
    /// <summary>The image's configured working directory; null from a listing.</summary>
    public string? WorkingDirectory { get; init; }
    public DateTimeOffset Created { get; init; }
    public long Size { get; init; }
}

/// <summary>An image build from a tar context holding a <c>Dockerfile</c>.</summary>
public sealed record ImageBuildSpec
{
    public IReadOnlyList<string> Tags { get; init; } = [];
    public IReadOnlyDictionary<string, string> BuildArgs { get; init; } = new Dictionary<string, string>();
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
    /// <summary>The network RUN steps use (e.g. <c>host</c>); null: the engine's default.</summary>
    public string? NetworkMode { get; init; }
    public bool NoCache { get; init; }
}

/// <summary>How a root filesystem tar becomes an image.</summary>
public sealed record ImageImportSpec
{
    /// <summary>The engine's platform string (<c>linux/arm64</c>); null: the engine's own.</summary>
    public string? Platform { get; init; }
    /// <summary>The history comment.</summary>
    public string? Message { get; init; }
    /// <summary>Dockerfile instructions applied on import (e.g. <c>CMD ["/bin/sh"]</c>).</summary>
    public IReadOnlyList<string> Changes { get; init; } = [];
}

/// <summary>The engine's release and the API version spoken with it.</summary>
public sealed record EngineVersion(string ServerVersion, Version ApiVersion);

/// <summary>A user and password for one registry. Never printed with its password.</summary>
public sealed class RegistryCredentials(string user, string? password, string registry)
{
    public string User { get; } = user;
    public string? Password { get; } = password;
    /// <summary>The registry address (<c>host:port</c>) they are for.</summary>
    public string Registry { get; } = registry;

    public override string ToString() => $"{User}@{Registry} (password not shown)";
}

/// <summary>One line of an engine operation's streamed progress (pull, push, build, import).</summary>
public sealed record EngineProgress
{
    /// <summary>The layer the line is about; null for the operation as a whole.</summary>
    public string? Id { get; init; }
    public string? Status { get; init; }
    /// <summary>Bytes done of all, as text (e.g. <c>1024/4096 bytes</c>).</summary>
    public string? Detail { get; init; }
    /// <summary>Bytes done and in all of a layer's transfer; 0 when not known.</summary>
    public long Current { get; init; }
    public long Total { get; init; }
    /// <summary>Build output (may hold several lines).</summary>
    public string? Stream { get; init; }
    public string? Error { get; init; }
}

/// <summary>What the engine's images take on its disk (<c>docker system df</c>).</summary>
public sealed record EngineDiskUsage(long LayersSize, IReadOnlyList<EngineImageDiskUsage> Images);

/// <summary>One image's bytes on the engine's disk and the part of them other images share.</summary>
public sealed record EngineImageDiskUsage(string Id, long Size, long SharedSize, IReadOnlyDictionary<string, string> Labels);

/// <summary>A container the engine has, running or not, as a listing shows it.</summary>
public sealed record EngineContainer(string Id, string Name, string Image, string Command, string State);
