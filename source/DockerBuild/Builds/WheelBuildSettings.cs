using DockerBuild.Images;

namespace DockerBuild.Builds;

/// <summary>What BuildWheel is asked to do beyond which pairs: where state lives, how many at once, which index.</summary>
public sealed record WheelBuildSettings
{
    /// <summary>The state root: wheels/, logs/BuildWheel/, sysroots/, temp/ live under it.</summary>
    public required string StateDirectory { get; init; }
    /// <summary>How the platform images are generated (their state directory should be <see cref="StateDirectory"/>).</summary>
    public required ImageSettings Images { get; init; }
    /// <summary>Pairs built at the same time; a failure never stops the others.</summary>
    public int Jobs { get; init; } = 1;
    /// <summary>Compiler processes one build runs at once (all cores by default: one big extension should use them all).</summary>
    public int BuildJobs { get; init; } = Environment.ProcessorCount;
    /// <summary>Build even when a wheel with the same build key is already among the outputs.</summary>
    public bool Rebuild { get; init; }
    /// <summary>Register not-yet-interned sources in the store before building (as the Sources step's --upload-sources).</summary>
    public bool UploadSources { get; init; }
    /// <summary>The package index published wheels are downloaded from; null means Universal/Prebuilt pairs fail clearly.</summary>
    public string? IndexUrl { get; init; }
    /// <summary><c>--find-links</c>: directories or pages holding build-requirement wheels (besides <see cref="IndexUrl"/>).</summary>
    public IReadOnlyList<string> FindLinks { get; init; } = [];
    /// <summary>The checkout root (local sources' paths are resolved against their declaring file, then this).</summary>
    public string? RootDirectory { get; init; }

    public string OutputsDirectory => Path.Combine(StateDirectory, "wheels");
    public string LogsDirectory => Path.Combine(StateDirectory, "logs", "BuildWheel");
    public string TempDirectory => Path.Combine(StateDirectory, "temp");
    public string SysrootsDirectory => Path.Combine(StateDirectory, "sysroots");
}
