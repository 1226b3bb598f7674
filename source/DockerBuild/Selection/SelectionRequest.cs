namespace DockerBuild.Selection;

/// <summary>What a run asks to work on: the checkout, <c>--platform</c>, <c>--wheel</c>, <c>--partition</c> and <c>--pin-sources</c>.</summary>
public sealed record SelectionRequest
{
    /// <summary>The checkout holding platforms/ and wheels/.</summary>
    public required string RootDirectory { get; init; }
    public IReadOnlyList<string> Platforms { get; init; } = [];
    public IReadOnlyList<string> Wheels { get; init; } = [];
    /// <summary><c>--partition k/N</c>: this machine's share of the (wheel, platform) pairs; null or empty for all.</summary>
    public string? Partition { get; init; }
    /// <summary><c>--pin-sources</c>: downloads without a sha256 are allowed, and their pins written into the YAML.</summary>
    public bool PinSources { get; init; }

    public string PlatformsDirectory => Path.Combine(RootDirectory, "platforms");
    public string WheelsDirectory => Path.Combine(RootDirectory, "wheels");
}
