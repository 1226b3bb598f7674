namespace DockerBuild.Lifecycle;

/// <summary>Everything the lifecycle steps read from the build's parameters, resolved to absolute paths.</summary>
public sealed record LifecycleSettings
{
    public required string RootDirectory { get; init; }
    public required string StateDirectory { get; init; }
    public IReadOnlyList<string> Platforms { get; init; } = [];
    public IReadOnlyList<string> Wheels { get; init; } = [];
    public int Jobs { get; init; } = Environment.ProcessorCount;
    public bool Rebuild { get; init; }
    public bool Upload { get; init; }
    public bool UploadSources { get; init; }
    /// <summary><c>--pin-sources</c>: downloads without a sha256 are allowed, and their pins written into the YAML.</summary>
    public bool PinSources { get; init; }
    public string? Registry { get; init; }
    public string? RegistryUser { get; init; }
    public string? RegistryPassword { get; init; }
    public string UpstreamRegistry { get; init; } = "docker.io";
    public string? CipdService { get; init; }
    public string? IndexUrl { get; init; }
    public IReadOnlyList<string> FindLinks { get; init; } = [];
    public string? GitHubToken { get; init; }
    public string? DebianMirror { get; init; }
    public string? DebianSnapshotMirror { get; init; }
    public string? Workdir { get; init; }
    public IReadOnlyList<string> Env { get; init; } = [];
    public IReadOnlyList<string> EnvPrefix { get; init; } = [];
    public IReadOnlyList<string> EnvSuffix { get; init; } = [];
    /// <summary><c>--partition k/N</c>: this machine's share of the (wheel, platform) pairs; null or empty for all.</summary>
    public string? Partition { get; init; }
    /// <summary><c>--github-release owner/repo@tag</c>: Upload also attaches the wheels to that release.</summary>
    public string? GitHubRelease { get; init; }
    /// <summary><c>--github-release-replace</c>: replace release assets whose bytes differ instead of failing.</summary>
    public bool GitHubReleaseReplace { get; init; }
    /// <summary>A person watches a terminal: progress bars instead of plain lines.</summary>
    public bool IsInteractive { get; init; }

    public string PlatformsDirectory => Path.Combine(RootDirectory, "platforms");
    public string WheelsDirectory => Path.Combine(RootDirectory, "wheels");
    public string LogsDirectory => Path.Combine(StateDirectory, "logs");
}
