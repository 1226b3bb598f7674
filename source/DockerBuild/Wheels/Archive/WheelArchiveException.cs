namespace DockerBuild.Wheels.Archive;

/// <summary>A wheel that must not be used: unreadable, lying RECORD, hostile entry names. Names the wheel and the entry.</summary>
public sealed class WheelArchiveException(string wheel, string? entry, string problem)
    : Exception(entry is null ? $"wheel '{wheel}': {problem}" : $"wheel '{wheel}', entry '{entry}': {problem}")
{
    public string Wheel { get; } = wheel;
    public string? Entry { get; } = entry;
}
