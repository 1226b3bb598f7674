namespace DockerBuild.Sources;

/// <summary>Where a source comes from.</summary>
public enum SourceKind
{
    /// <summary>A file downloaded from a URL.</summary>
    Url,
    /// <summary>The sdist of name==version from a Python package index.</summary>
    Pypi,
    /// <summary>A tag or commit tarball of a GitHub repository.</summary>
    Github,
    /// <summary>A git repository at a commit, packed deterministically.</summary>
    Git,
    /// <summary>A directory in this checkout (no pin: its content is hashed when interned).</summary>
    Local,
}

/// <summary>
/// A source a build needs, declared in YAML. Every downloaded kind carries a sha256 pin that is checked
/// before anything is interned into the CIPD store as <c>infra/third_party/source/&lt;Name&gt;</c>.
/// </summary>
public sealed record SourceSpec
{
    public required SourceKind Kind { get; init; }
    /// <summary>Package name in the store (lowercase), e.g. <c>zstandard</c>.</summary>
    public required string Name { get; init; }
    public required string Version { get; init; }
    /// <summary>Download URL (url kind) or git repository URL (git kind).</summary>
    public string? Url { get; init; }
    /// <summary>Hex sha256 of the downloaded bytes (url, pypi, github); required for downloaded kinds.</summary>
    public string? Sha256 { get; init; }
    /// <summary>Declared without its sha256 under --pin-sources: the first download is hashed and the pin written into the YAML.</summary>
    public bool PinRequested { get; init; }
    /// <summary>Project name on the package index (pypi kind); defaults to <see cref="Name"/>.</summary>
    public string? Package { get; init; }
    /// <summary>owner/repo (github kind).</summary>
    public string? Repo { get; init; }
    /// <summary>Tag (github kind).</summary>
    public string? Tag { get; init; }
    /// <summary>Commit (github or git kind).</summary>
    public string? Commit { get; init; }
    /// <summary>Directory relative to the declaring file (local kind).</summary>
    public string? Path { get; init; }
    /// <summary>Absolute directory of the declaring file; a relative local path resolves against it.</summary>
    public string? BaseDirectory { get; init; }
    /// <summary>File and line that declared it, for error messages.</summary>
    public string DeclaredAt { get; init; } = "";
}
