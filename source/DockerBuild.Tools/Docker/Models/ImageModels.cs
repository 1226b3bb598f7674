using System.Text.Json.Serialization;

namespace DockerBuild.Tools.Docker.Models;

/// <summary>POST /images/create: pull <see cref="FromImage"/>, or import a tar when <see cref="FromSrc"/> is "-".</summary>
public sealed record ImagesCreateParameters
{
    public string? FromImage { get; init; }
    /// <summary>"-" imports the tar sent as the request body.</summary>
    public string? FromSrc { get; init; }
    public string? Repo { get; init; }
    /// <summary>A tag, or a digest (<c>sha256:…</c>) to pull exactly that manifest.</summary>
    public string? Tag { get; init; }
    public string? Platform { get; init; }
    /// <summary>Dockerfile instructions applied on import, e.g. <c>CMD ["/bin/sh"]</c>.</summary>
    public IReadOnlyList<string> Changes { get; init; } = [];
    public string? Message { get; init; }
}

/// <summary>POST /images/{name}/push.</summary>
public sealed record ImagePushParameters
{
    public string? Tag { get; init; }
}

/// <summary>POST /images/{name}/tag.</summary>
public sealed record ImageTagParameters
{
    public required string RepositoryName { get; init; }
    public string? Tag { get; init; }
    public bool Force { get; init; }
}

/// <summary>DELETE /images/{name}.</summary>
public sealed record ImageDeleteParameters
{
    public bool Force { get; init; }
    public bool NoPrune { get; init; }
}

/// <summary>GET /images/json.</summary>
public sealed record ImagesListParameters
{
    public bool All { get; init; }
    /// <summary>Engine filters, e.g. <c>reference</c> → [<c>repo:*</c>], <c>label</c> → [<c>k=v</c>].</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Filters { get; init; } = new Dictionary<string, IReadOnlyList<string>>();
}

/// <summary>POST /build from a tar context.</summary>
public sealed record ImageBuildParameters
{
    /// <summary>Path of the Dockerfile inside the context.</summary>
    public string Dockerfile { get; init; } = "Dockerfile";
    public IReadOnlyList<string> Tags { get; init; } = [];
    public IReadOnlyDictionary<string, string> BuildArgs { get; init; } = new Dictionary<string, string>();
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
    /// <summary>Target platform, e.g. <c>linux/arm64</c>.</summary>
    public string? Platform { get; init; }
    /// <summary>Multi-stage target.</summary>
    public string? Target { get; init; }
    public bool NoCache { get; init; }
    public bool Pull { get; init; }
    /// <summary>Remove intermediate containers even on failure.</summary>
    public bool ForceRemove { get; init; } = true;
    public string? NetworkMode { get; init; }
}

/// <summary>GET /images/{name}/json (the fields the helper's users read).</summary>
public sealed record ImageInspectResponse
{
    public string ID { get; init; } = "";
    public IReadOnlyList<string> RepoTags { get; init; } = [];
    public IReadOnlyList<string> RepoDigests { get; init; } = [];
    public string? Architecture { get; init; }
    public string? Os { get; init; }
    public string? Variant { get; init; }
    public long Size { get; init; }
    public DateTimeOffset Created { get; init; }
    public ImageConfig? Config { get; init; }
}

/// <summary>The run configuration stored in an image.</summary>
public sealed record ImageConfig
{
    public IReadOnlyList<string>? Env { get; init; }
    public IReadOnlyList<string>? Cmd { get; init; }
    public IReadOnlyList<string>? Entrypoint { get; init; }
    public string? WorkingDir { get; init; }
    public string? User { get; init; }
    public IReadOnlyDictionary<string, string>? Labels { get; init; }
}

/// <summary>One entry of GET /images/json.</summary>
public sealed record ImagesListResponse
{
    [JsonPropertyName("Id")] public string ID { get; init; } = "";
    public IReadOnlyList<string>? RepoTags { get; init; }
    public IReadOnlyList<string>? RepoDigests { get; init; }
    public long Size { get; init; }
    public long Created { get; init; }
    public IReadOnlyDictionary<string, string>? Labels { get; init; }
}

/// <summary>One entry of DELETE /images/{name}.</summary>
public sealed record ImageDeleteResponse
{
    public string? Untagged { get; init; }
    public string? Deleted { get; init; }
}

/// <summary>GET /distribution/{name}/json: what a registry serves for a reference, without pulling it.</summary>
public sealed record DistributionInspectResponse
{
    public required DistributionDescriptor Descriptor { get; init; }
    public IReadOnlyList<DistributionPlatform> Platforms { get; init; } = [];
}

/// <summary>The manifest (or index) a registry resolved a reference to.</summary>
public sealed record DistributionDescriptor
{
    [JsonPropertyName("mediaType")] public string? MediaType { get; init; }
    [JsonPropertyName("digest")] public string Digest { get; init; } = "";
    [JsonPropertyName("size")] public long Size { get; init; }
}

/// <summary>A platform a manifest serves.</summary>
public sealed record DistributionPlatform
{
    [JsonPropertyName("architecture")] public string? Architecture { get; init; }
    [JsonPropertyName("os")] public string? Os { get; init; }
    [JsonPropertyName("variant")] public string? Variant { get; init; }
}
