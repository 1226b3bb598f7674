namespace DockerBuild.Wheels.Archive;

/// <summary>How a wheel is normalised: where to, which timestamp, and optionally which platform tags it gets.</summary>
public sealed record WheelNormaliseSettings
{
    public required string OutputDirectory { get; init; }
    /// <summary>SOURCE_DATE_EPOCH (clamped to 1980-01-01); null means 1980-01-01.</summary>
    public long? SourceDateEpoch { get; init; }
    /// <summary>New platform tags for the file name and WHEEL; null keeps the wheel's own.</summary>
    public IReadOnlyList<string>? PlatformTags { get; init; }
}

/// <summary>A wheel written by <see cref="WheelNormaliser"/>.</summary>
public sealed record NormalisedWheel(string Path, string Sha256, WheelFileName Name);

/// <summary>
/// Makes a wheel byte-reproducible: verifies it (<see cref="WheelArchiveReader"/>), optionally retags it, and writes it
/// with <see cref="DeterministicWheelWriter"/>. Two wheels with the same file contents give the same bytes whatever
/// their entry order, timestamps or modes were.
/// </summary>
public static class WheelNormaliser
{
    public static Task<NormalisedWheel> NormaliseAsync(string wheel, WheelNormaliseSettings settings, CancellationToken cancellationToken = default)
        => Task.Run(() => Normalise(WheelArchiveReader.Read(wheel), settings), cancellationToken);

    /// <summary>Writes already-read (and possibly modified) contents.</summary>
    public static NormalisedWheel Normalise(WheelContents contents, WheelNormaliseSettings settings)
    {
        if (settings.PlatformTags is { } tags) contents = Retag(contents, tags);
        var (path, sha256) = DeterministicWheelWriter.Write(contents, settings.OutputDirectory, settings.SourceDateEpoch);
        return new NormalisedWheel(path, sha256, contents.Name);
    }

    /// <summary>The contents with a new file name and WHEEL Tag lines for <paramref name="platformTags"/>.</summary>
    public static WheelContents Retag(WheelContents contents, IReadOnlyList<string> platformTags)
    {
        if (platformTags.Count == 0) throw new ArgumentException("at least one platform tag is needed", nameof(platformTags));
        var wheelFile = $"{contents.DistInfo}/WHEEL";
        var metadata = contents.Find(wheelFile) ?? throw new WheelArchiveException(contents.Name.ToString(), wheelFile, "is missing");
        string retagged;
        try { retagged = WheelMetadata.Retag(System.Text.Encoding.UTF8.GetString(metadata.Content), platformTags); }
        catch (FormatException e) { throw new WheelArchiveException(contents.Name.ToString(), wheelFile, e.Message); }
        return contents.With(metadata with { Content = System.Text.Encoding.UTF8.GetBytes(retagged) }) with
        {
            Name = contents.Name.WithPlatformTags(platformTags),
        };
    }
}
