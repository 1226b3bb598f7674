using DockerBuild.Platforms;
using DockerBuild.Wheels.Abi3;

namespace DockerBuild.Wheels;

/// <summary>
/// One unit of work: a wheel on a platform, and whether the published wheel is downloaded instead of built. An abi3
/// wheel's pairs of one architecture share <see cref="Abi3"/>: one build, whose file each of them outputs.
/// </summary>
public sealed record WheelPair(WheelSpec Wheel, PlatformSpec Platform, bool UsesPublishedWheel)
{
    /// <summary>For an abi3 spec: where the one build of this architecture runs and which CPythons verify it; else null.</summary>
    public Abi3Build? Abi3 { get; init; }

    /// <summary>The pair whose build this one's output is: the abi3 builder's for an abi3 wheel, else this one.</summary>
    public WheelPair Build => Abi3 is { } abi3 && abi3.Builder.Name != Platform.Name ? this with { Platform = abi3.Builder } : this;

    public override string ToString() => $"{Wheel.Id} @ {Platform.Name}{(UsesPublishedWheel ? " (published)" : "")}";
}
