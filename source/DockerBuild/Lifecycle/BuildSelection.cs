using DockerBuild.Ci;
using DockerBuild.Platforms;
using DockerBuild.Sources;
using DockerBuild.Specs;
using DockerBuild.Wheels;

namespace DockerBuild.Lifecycle;

/// <summary>
/// The platforms, wheels and (wheel, platform) pairs a run works on, loaded and validated once from
/// platforms/ and wheels/ and the --platform/--wheel selections.
/// </summary>
public sealed class BuildSelection
{
    private BuildSelection(PlatformCatalog platformCatalog, WheelCatalog wheelCatalog,
        IReadOnlyList<PlatformSpec> platforms, IReadOnlyList<WheelSpec> wheels, Partition partition)
    {
        Partition = partition;
        PlatformCatalog = platformCatalog;
        WheelCatalog = wheelCatalog;
        Platforms = platforms;
        Wheels = wheels;
        Pairs = WheelCatalog.Pairs(wheels, platforms);
    }

    public PlatformCatalog PlatformCatalog { get; }
    public WheelCatalog WheelCatalog { get; }
    public IReadOnlyList<PlatformSpec> Platforms { get; }
    public IReadOnlyList<WheelSpec> Wheels { get; }
    public IReadOnlyList<WheelPair> Pairs { get; }

    /// <summary>The <c>--partition</c> this machine works on (<see cref="Ci.Partition.Whole"/> without one).</summary>
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
    public static BuildSelection Load(LifecycleSettings settings)
    {
        var platformCatalog = PlatformCatalog.Load(settings.PlatformsDirectory);
        var wheelCatalog = WheelCatalog.Load(settings.WheelsDirectory, platformCatalog);
        Partition partition;
        try
        {
            partition = string.IsNullOrWhiteSpace(settings.Partition) ? Partition.Whole : Partition.Parse(settings.Partition);
        }
        catch (FormatException e)
        {
            throw new SelectionException(e.Message);
        }
        return new BuildSelection(platformCatalog, wheelCatalog,
            platformCatalog.Select(settings.Platforms), wheelCatalog.Select(settings.Wheels), partition);
    }
}
