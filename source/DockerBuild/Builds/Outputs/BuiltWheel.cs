namespace DockerBuild.Builds.Outputs;

/// <summary>
/// A wheel the build produced, as the upload reads it: the file under <c>&lt;state-dir&gt;/wheels/&lt;platform&gt;/</c>,
/// its sha256, the platform and wheel spec it was built for, and the build key (the content key of every input).
/// Persisted next to the wheel as <c>&lt;file&gt;.whl.json</c> by <see cref="BuiltWheelSidecar"/>.
/// </summary>
public sealed record BuiltWheel
{
    /// <summary>Absolute path of the .whl file.</summary>
    public required string WheelFile { get; init; }
    /// <summary>Lower-case hex sha256 of the .whl file's bytes.</summary>
    public required string Sha256 { get; init; }
    /// <summary>The platform's name, e.g. <c>linux-arm64-py3.11</c> or <c>universal</c>.</summary>
    public required string Platform { get; init; }
    /// <summary>The wheel spec's distribution name as declared, e.g. <c>zstandard</c>.</summary>
    public required string Name { get; init; }
    /// <summary>The wheel spec's version, e.g. <c>0.21.0</c>.</summary>
    public required string Version { get; init; }
    /// <summary>sha256 over the canonical serialisation of every build input (becomes the <c>build_key:</c> tag).</summary>
    public required string BuildKey { get; init; }

    /// <summary>The .whl file name without directory.</summary>
    public string FileName => Path.GetFileName(WheelFile);

    public override string ToString() => $"{Name}=={Version} @ {Platform} ({FileName})";
}
