using DockerBuild.Platforms;

namespace DockerBuild.Wheels;

/// <summary>
/// One unit of work: a wheel on a platform, and whether the published wheel is downloaded instead of built.
/// </summary>
public sealed record WheelPair(WheelSpec Wheel, PlatformSpec Platform, bool UsesPublishedWheel)
{
    public override string ToString() => $"{Wheel.Id} @ {Platform.Name}{(UsesPublishedWheel ? " (published)" : "")}";
}
