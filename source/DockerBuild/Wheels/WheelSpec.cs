using DockerBuild.Sources;
using DockerBuild.Wheels.Abi3;

namespace DockerBuild.Wheels;

/// <summary>How a wheel is obtained (the kinds of Chromium DockerBuild's wheel specs).</summary>
public enum WheelKind
{
    /// <summary>The published pure-Python wheel, via pip download.</summary>
    Universal,
    /// <summary>A pure-Python wheel built from its sdist.</summary>
    UniversalSource,
    /// <summary>The published wheel on platforms listed as packaged; built from source elsewhere.</summary>
    SourceOrPrebuilt,
    /// <summary>Only the published binary wheel (pip download --only-binary).</summary>
    Prebuilt,
    /// <summary>Built from a package directory inside wheels/.</summary>
    Local,
}

/// <summary>One wheel, loaded from <c>wheels/*.yaml</c>.</summary>
public sealed record WheelSpec
{
    /// <summary>Distribution name as published, e.g. <c>zstandard</c>.</summary>
    public required string Name { get; init; }
    public required string Version { get; init; }
    public required WheelKind Kind { get; init; }
    /// <summary>The source to build from; null for Universal and Prebuilt.</summary>
    public SourceSpec? Source { get; init; }
    /// <summary>Patch files under wheels/patches, applied in order with -p1.</summary>
    public IReadOnlyList<string> Patches { get; init; } = [];
    /// <summary>Target libraries the build links against, as Debian -dev package names without arch (zlib1g-dev).</summary>
    public IReadOnlyList<string> TargetLibraries { get; init; } = [];
    /// <summary>
    /// Debian packages of the build machine's architecture the build runs (cython3, pybind11-dev, cmake): installed with
    /// <see cref="TargetLibraries"/> in this wheel's own layer on top of the platform image.
    /// </summary>
    public IReadOnlyList<string> BuildPackages { get; init; } = [];
    /// <summary>
    /// Exactly pinned build requirements (<c>name==version</c>): the build runs in an isolated environment holding exactly
    /// these wheels for the build machine — from the catalogue (built first), the store, or the configured index.
    /// Empty: the build uses the image's own (Debian) Python packages, checked against the source's declared requirements.
    /// </summary>
    public IReadOnlyList<BuildRequirement> BuildRequires { get; init; } = [];
    /// <summary>A wheel built for a Linux platform may contain no compiled code (otherwise that is refused as a pure fallback).</summary>
    public bool MayBePure { get; init; }
    /// <summary>If non-empty, only these platforms (exact names or arch prefixes).</summary>
    public IReadOnlyList<string> OnlyPlatforms { get; init; } = [];
    /// <summary>Platforms (exact names or arch prefixes) this wheel is never built for.</summary>
    public IReadOnlyList<string> SkipPlatforms { get; init; } = [];
    /// <summary>SourceOrPrebuilt: platforms where the published wheel is used.</summary>
    public IReadOnlyList<string> PackagedPlatforms { get; init; } = [];
    /// <summary>
    /// The floor of an abi3 wheel (<c>abi3: cp39</c>): built once per architecture, on the lowest CPython at or above it,
    /// and verified under every CPython of that architecture; null for a version-specific wheel.
    /// </summary>
    public Abi3Floor? Abi3 { get; init; }
    /// <summary>Python statement(s) run after import during verification, e.g. an assert of a computed result.</summary>
    public string? Test { get; init; }
    /// <summary>Module imported during verification; defaults to the name with '-' → '_'.</summary>
    public string? Import { get; init; }
    /// <summary>
    /// True when the wheel is pure Python (py3-none-any) and is built once, for the <c>universal</c> platform:
    /// always for Universal and UniversalSource, and for a Local spec declaring <c>universal: true</c>.
    /// </summary>
    public bool PurePython { get; init; }
    /// <summary>Path of the YAML file it was loaded from.</summary>
    public string SourceFile { get; init; } = "";
    /// <summary>File, line and column of the spec, e.g. <c>wheels/local.yaml:3:5</c>, for messages.</summary>
    public string DeclaredAt { get; init; } = "";

    /// <summary>The module imported during verification: <see cref="Import"/>, or the name with '-' and '.' → '_'.</summary>
    public string ImportName => Import ?? Name.Replace('-', '_').Replace('.', '_');

    /// <summary>The absolute directory of a local source (relative paths resolve against the declaring file); null otherwise.</summary>
    public string? LocalSourceDirectory => Source is { Kind: SourceKind.Local, Path: { } path }
        ? System.IO.Path.GetFullPath(System.IO.Path.Combine(System.IO.Path.GetDirectoryName(SourceFile) ?? ".", path))
        : null;

    /// <summary><c>name==version</c>, how users select it with <c>--wheel</c>.</summary>
    public string Id => $"{Name}=={Version}";
}
