using DockerBuild.Platforms;
using DockerBuild.Sources;
using DockerBuild.Specs;
using DockerBuild.Wheels;

namespace DockerBuild.Selection;

/// <summary>
/// The platforms, wheels and (wheel, platform) pairs a run works on, loaded and validated once from
/// platforms/ and wheels/ and the --platform/--wheel selections.
/// </summary>
public sealed class BuildSelection
{
    private BuildSelection(PlatformCatalog platformCatalog, WheelCatalog wheelCatalog,
        IReadOnlyList<PlatformSpec> platforms, IReadOnlyList<WheelSpec> wheels, Partition partition, bool publishedWheelsReachable)
    {
        Partition = partition;
        PlatformCatalog = platformCatalog;
        WheelCatalog = wheelCatalog;
        Platforms = platforms;
        Wheels = wheels;
        var pairs = WheelCatalog.Pairs(wheels, platforms, platformCatalog.All);
        // A default run builds what this machine can: published wheels need an index. Named with --wheel, they stay
        // selected and fail with the instructions.
        SkippedPublishedPairs = publishedWheelsReachable ? [] : pairs.Where(p => p.UsesPublishedWheel).ToList();
        Pairs = pairs.Except(SkippedPublishedPairs).ToList();
    }

    /// <summary>Published-wheel pairs left out of a default run because no package index is configured.</summary>
    public IReadOnlyList<WheelPair> SkippedPublishedPairs { get; }

    /// <summary>The warning that names <see cref="SkippedPublishedPairs"/> and how to include them; null when none.</summary>
    public string? SkippedPublishedWarning => SkippedPublishedPairs.Count == 0 ? null
        : $"Published wheels skipped, no package index is configured: {string.Join(", ", SkippedPublishedPairs.Select(p => $"{p.Wheel.Id} @ {p.Platform.Name}"))}. "
          + "Pass --index-url <PEP 503 simple index> (or set pip's index-url) to include them.";

    public PlatformCatalog PlatformCatalog { get; }
    public WheelCatalog WheelCatalog { get; }
    public IReadOnlyList<PlatformSpec> Platforms { get; }
    public IReadOnlyList<WheelSpec> Wheels { get; }
    public IReadOnlyList<WheelPair> Pairs { get; }

    /// <summary>The <c>--partition</c> this machine works on (<see cref="Selection.Partition.Whole"/> without one).</summary>
    public Partition Partition { get; }

    /// <summary>This machine's share of <see cref="Pairs"/> under <c>--partition</c>: what BuildWheel builds and Upload registers.</summary>
    public IReadOnlyList<WheelPair> PartitionPairs => Partition.Apply(Pairs);

    /// <summary>Selected platforms whose wheels are built in a Docker toolchain image.</summary>
    public IReadOnlyList<PlatformSpec> LinuxPlatforms => Platforms.Where(p => p.Kind == PlatformKind.Linux).ToList();

    /// <summary>The sources the selected wheels build from, one per (name, version).</summary>
    public IReadOnlyList<SourceSpec> Sources => Pairs
        .Where(p => !p.UsesPublishedWheel && p.Wheel.Source is not null)
        .Select(p => p.Wheel.Source!)
        .DistinctBy(s => (s.Name, s.Version))
        .ToList();

    /// <summary>Loads and validates everything; a SpecException names file:line:column, a SelectionException the bad pattern.</summary>
    /// <param name="packageIndexConfigured">False leaves published wheels out of a run that named no --wheel
    /// (they could not be downloaded); see <see cref="SkippedPublishedWarning"/>.</param>
    public static BuildSelection Load(SelectionRequest request, bool packageIndexConfigured = true)
    {
        var platformCatalog = PlatformCatalog.Load(request.PlatformsDirectory);
        var wheelCatalog = WheelCatalog.Load(request.WheelsDirectory, platformCatalog, request.PinSources);
        Partition partition;
        try
        {
            partition = string.IsNullOrWhiteSpace(request.Partition) ? Partition.Whole : Partition.Parse(request.Partition);
        }
        catch (FormatException e)
        {
            throw new SelectionException(e.Message);
        }
        return new BuildSelection(platformCatalog, wheelCatalog,
            platformCatalog.Select(request.Platforms), wheelCatalog.Select(request.Wheels), partition,
            publishedWheelsReachable: packageIndexConfigured || request.Wheels.Count > 0);
    }
}
