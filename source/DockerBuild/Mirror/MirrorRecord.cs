using System.Text.Json;
using System.Text.Json.Serialization;

namespace DockerBuild.Mirror;

/// <summary>
/// What a platform's base image was mirrored as: the upstream digest the tag resolved to and the exact copy later
/// targets build from. Stored as <c>&lt;state-dir&gt;/mirror/&lt;platform&gt;.json</c>.
/// </summary>
public sealed record MirrorRecord
{
    [JsonPropertyName("platform")] public required string Platform { get; init; }
    /// <summary>e.g. <c>docker.io/dockcross/linux-arm64-lts:20250101</c>.</summary>
    [JsonPropertyName("upstream")] public required string Upstream { get; init; }
    [JsonPropertyName("upstreamDigest")] public required string UpstreamDigest { get; init; }
    /// <summary>The mirrored name, <c>&lt;registry&gt;/&lt;repo&gt;:&lt;tag&gt;</c>.</summary>
    [JsonPropertyName("image")] public required string Image { get; init; }
    /// <summary>The local engine's image ID.</summary>
    [JsonPropertyName("imageId")] public required string ImageId { get; init; }
    /// <summary>The manifest digest in the private registry; null when the copy was kept local.</summary>
    [JsonPropertyName("mirrorDigest")] public string? MirrorDigest { get; init; }

    [JsonIgnore] public bool Uploaded => MirrorDigest is not null;

    /// <summary>The reference a build should start FROM: the registry copy by digest, else the local image ID.</summary>
    [JsonIgnore] public string BuildFrom => MirrorDigest is null ? ImageId : $"{Image[..Image.LastIndexOf(':')]}@{MirrorDigest}";
}
