using DockerBuild.Builds.Outputs;
using DockerBuild.Builds.Preparation;
using DockerBuild.Builds.Verification;
using DockerBuild.Platforms;
using DockerBuild.Sources;
using DockerBuild.Tools.Cipd;
using DockerBuild.Tools.Engine;

namespace DockerBuild.Builds;

/// <summary>What every pair of one BuildWheel run shares: settings, store, engine, the images and sources made ready up front.</summary>
public sealed record PairBuildContext
{
    /// <summary><c>logs/BuildWheel/&lt;platform&gt;/&lt;wheel&gt;.log</c>, or <c>&lt;wheel&gt;-&lt;version&gt;.log</c> when several versions are built.</summary>
    public string LogFileOf(Wheels.WheelPair pair) => PairLog.For(Settings.LogsDirectory, pair.Platform.Name,
        SeveralVersions.Contains((pair.Platform.Name, pair.Wheel.Name)) ? $"{pair.Wheel.Name}-{pair.Wheel.Version}" : pair.Wheel.Name);

    public required WheelBuildSettings Settings { get; init; }
    public required ICipdRepository Store { get; init; }
    public required ContainerEngine Engine { get; init; }
    /// <summary>The platform images: keys up front, images made present only for pairs that build.</summary>
    public required PlatformImages Images { get; init; }
    /// <summary>Each source's outcome by (name, version); a failed one is in <see cref="SourceErrors"/>.</summary>
    public required IReadOnlyDictionary<(string Name, string Version), SourceReportEntry> Sources { get; init; }
    public required IReadOnlyDictionary<(string Name, string Version), string> SourceErrors { get; init; }
    /// <summary>The build-architecture Linux platform whose image builds pure-Python wheels; null when none is available.</summary>
    public PlatformSpec? PureBuilder { get; init; }
    /// <summary>Wheel names selected in more than one version on a platform: their logs carry the version too.</summary>
    public IReadOnlySet<(string Platform, string Wheel)> SeveralVersions { get; init; } = new HashSet<(string, string)>();
    /// <summary>The build-requirement wheels of the run, and which build host each pair's requirements fit.</summary>
    public required BuildRequirements.BuildRequirementSet Requirements { get; init; }
    public required BuildRequirements.RequirementPlan RequirementPlan { get; init; }
    /// <summary>Every platform of the checkout: where an abi3 wheel found only after its build is verified.</summary>
    public IReadOnlyList<PlatformSpec> Catalogue { get; init; } = [];
    /// <summary>The abi3 builds under way, by build key (the output, whether it was built, the log it went to): the pairs of every CPython of an architecture await one.</summary>
    public Images.InFlightWork<(BuiltWheel Output, bool Built, string Log)> Abi3Builds { get; } = new();
    /// <summary>The run's verification containers, one per root, that check wheel after wheel.</summary>
    public required WarmVerificationContainers Verifiers { get; init; }
    /// <summary>Progress lines (thread-safe).</summary>
    public required TextWriter Progress { get; init; }
}
