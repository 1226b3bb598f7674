namespace DockerBuild.Tools.Cipd.Packages;

/// <summary>
/// One file going into a package: its slash-separated name inside the package, where its bytes come from, and the
/// only metadata CIPD keeps (executable bit, symlink target). Modification times and write bits are not recorded.
/// </summary>
public sealed record CipdPackageFile
{
    /// <summary>Slash-separated path relative to the package root.</summary>
    public required string Name { get; init; }

    /// <summary>The file on disk to read (regular files).</summary>
    public string? SourcePath { get; init; }

    /// <summary>In-memory content, used instead of <see cref="SourcePath"/> when set.</summary>
    public ReadOnlyMemory<byte>? Content { get; init; }

    public bool Executable { get; init; }

    /// <summary>The link target, exactly as stored in the package; null for a regular file.</summary>
    public string? SymlinkTarget { get; init; }

    public bool IsSymlink => SymlinkTarget is not null;
}
