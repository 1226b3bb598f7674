namespace DockerBuild.Wheels.Archive;

/// <summary>One file of a wheel: its archive path, content and whether it is installed executable.</summary>
public sealed record WheelEntry(string Path, byte[] Content, bool Executable);

/// <summary>A wheel's verified files in memory (RECORD excluded: it is regenerated on writing).</summary>
public sealed record WheelContents(WheelFileName Name, IReadOnlyList<WheelEntry> Entries)
{
    public string DistInfo => Name.DistInfo;

    public WheelEntry? Find(string path) => Entries.FirstOrDefault(e => e.Path == path);

    /// <summary>A copy with <paramref name="path"/> replaced (or added when absent).</summary>
    public WheelContents With(WheelEntry entry)
        => this with { Entries = [.. Entries.Where(e => e.Path != entry.Path), entry] };
}
