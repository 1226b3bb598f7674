namespace DockerBuild.Tools.Docker.Models;

/// <summary>GET /version.</summary>
public sealed record VersionResponse
{
    public string Version { get; init; } = "";
    public string ApiVersion { get; init; } = "";
    public string? MinAPIVersion { get; init; }
    public string? Os { get; init; }
    public string? Arch { get; init; }
    public string? KernelVersion { get; init; }
}

/// <summary>GET /info (the fields the helper's users read).</summary>
public sealed record SystemInfoResponse
{
    public string? ServerVersion { get; init; }
    public string? OperatingSystem { get; init; }
    public string? Architecture { get; init; }
    public string? DockerRootDir { get; init; }
    public RegistryServiceConfig? RegistryConfig { get; init; }
}

/// <summary>The engine's registry settings (insecure CIDRs and mirrors).</summary>
public sealed record RegistryServiceConfig
{
    public IReadOnlyList<string>? InsecureRegistryCIDRs { get; init; }
    public IReadOnlyList<string>? Mirrors { get; init; }
}

/// <summary>GET /system/df: what the engine's images hold on its disk.</summary>
public sealed record DiskUsageResponse
{
    /// <summary>Bytes of every image layer on the engine's disk, each layer counted once.</summary>
    public long LayersSize { get; init; }
    public IReadOnlyList<ImageDiskUsage> Images { get; init; } = [];
}

/// <summary>One image in GET /system/df: its whole size and the part of it other images share.</summary>
public sealed record ImageDiskUsage
{
    [System.Text.Json.Serialization.JsonPropertyName("Id")] public string ID { get; init; } = "";
    public long Size { get; init; }
    public long SharedSize { get; init; }
    public IReadOnlyDictionary<string, string>? Labels { get; init; }
}
