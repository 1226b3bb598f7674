using DockerBuild.Platforms;
using DockerBuild.Sources;
using DockerBuild.Tools.Cipd;
using DockerBuild.Tools.Docker;

namespace DockerBuild.Builds;

/// <summary>What every pair of one BuildWheel run shares: settings, store, engine, the images and sources made ready up front.</summary>
public sealed record PairBuildContext
{
    public required WheelBuildSettings Settings { get; init; }
    public required ICipdRepository Store { get; init; }
    public required DockerClient Client { get; init; }
    /// <summary>The platform images: keys up front, images made present only for pairs that build.</summary>
    public required PlatformImages Images { get; init; }
    /// <summary>Each source's outcome by (name, version); a failed one is in <see cref="SourceErrors"/>.</summary>
    public required IReadOnlyDictionary<(string Name, string Version), SourceReportEntry> Sources { get; init; }
    public required IReadOnlyDictionary<(string Name, string Version), string> SourceErrors { get; init; }
    /// <summary>The build-architecture Linux platform whose image builds pure-Python wheels; null when none is available.</summary>
    public PlatformSpec? PureBuilder { get; init; }
    /// <summary>Progress lines (thread-safe).</summary>
    public required TextWriter Progress { get; init; }
}
