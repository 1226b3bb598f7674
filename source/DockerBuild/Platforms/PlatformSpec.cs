namespace DockerBuild.Platforms;

/// <summary>How wheels for a platform are produced.</summary>
public enum PlatformKind
{
    /// <summary>Built in a Docker toolchain image (cross-compiled for foreign architectures).</summary>
    Linux,
    /// <summary>No toolchain here (macOS, Windows): only published wheels, fetched with pip download.</summary>
    PrebuiltOnly,
    /// <summary>Pure-Python wheels (py3-none-any).</summary>
    Universal,
}

/// <summary>One platform, loaded from <c>platforms/&lt;name&gt;.yaml</c>.</summary>
public sealed record PlatformSpec
{
    /// <summary>e.g. <c>linux-arm64-py3.11</c>; equals the file name without extension.</summary>
    public required string Name { get; init; }
    public required PlatformKind Kind { get; init; }
    /// <summary>Python version "X.Y" the wheels target; empty for universal.</summary>
    public required string Python { get; init; }
    /// <summary>GNU triple of the target, e.g. <c>aarch64-linux-gnu</c>; null for non-Linux kinds.</summary>
    public string? CrossTriple { get; init; }
    /// <summary>Wheel ABI tag, e.g. <c>cp311</c> (also the interpreter tag), or <c>none</c>.</summary>
    public required string WheelAbi { get; init; }
    /// <summary>Accepted wheel platform tags, most preferred first, e.g. <c>manylinux_2_36_aarch64</c>.</summary>
    public required IReadOnlyList<string> WheelPlat { get; init; }
    /// <summary>CIPD platform, e.g. <c>linux-arm64</c>, <c>mac-amd64</c>.</summary>
    public required string CipdPlatform { get; init; }
    /// <summary>QEMU user-mode architecture used to verify foreign wheels (aarch64, arm, ppc64le…); null when native.</summary>
    public string? Qemu { get; init; }
    /// <summary>Selected when no <c>--platform</c> is given.</summary>
    public bool Default { get; init; }
    /// <summary>Extra environment for builds on this platform.</summary>
    public IReadOnlyDictionary<string, string> Env { get; init; } = new Dictionary<string, string>();
    /// <summary>Where the toolchain image starts from; null for non-Linux kinds.</summary>
    public BaseSpec? Base { get; init; }
    /// <summary>
    /// The older Debian suite whose C library the image's compilers link against (<c>glibc_floor: bullseye</c>), so wheels
    /// need no newer glibc than that suite's; null when they link against the base suite's own.
    /// </summary>
    public DebianSuite? GlibcFloor { get; init; }
    /// <summary>Path of the YAML file it was loaded from.</summary>
    public string SourceFile { get; init; } = "";

    /// <summary>The architecture part of the name, e.g. <c>linux-arm64</c> for <c>linux-arm64-py3.11</c>.</summary>
    public string ArchPrefix => Name.Contains("-py", StringComparison.Ordinal)
        ? Name[..Name.LastIndexOf("-py", StringComparison.Ordinal)]
        : Name;
}

/// <summary>The base of a platform's toolchain image: exactly one of <see cref="Image"/> or <see cref="Debian"/>.</summary>
public sealed record BaseSpec
{
    public UpstreamImage? Image { get; init; }
    public DebianBase? Debian { get; init; }
}

/// <summary>A dockcross-style upstream image, mirrored into the private registry before use.</summary>
public sealed record UpstreamImage(string Repository, string Tag, string? Digest)
{
    public override string ToString() => Digest is null ? $"{Repository}:{Tag}" : $"{Repository}:{Tag}@{Digest}";
}

/// <summary>A base bootstrapped with debootstrap from a Debian suite, needing no registry.</summary>
public sealed record DebianBase
{
    /// <summary>bullseye, bookworm, trixie…</summary>
    public required string Suite { get; init; }
    /// <summary>Optional snapshot timestamp (e.g. 20250520T000000Z) that pins the package set.</summary>
    public string? Snapshot { get; init; }
    /// <summary>Foreign Debian architecture to add with dpkg (arm64, armhf, ppc64el, s390x, i386); null when native amd64.</summary>
    public string? Architecture { get; init; }
    /// <summary>Extra Debian packages for the toolchain layer (":{arch}" suffix allowed).</summary>
    public IReadOnlyList<string> Packages { get; init; } = [];

    /// <summary>
    /// The package name that installs a target library for this base's architecture, e.g.
    /// <c>zlib1g-dev</c> → <c>zlib1g-dev:arm64</c> (unchanged when native).
    /// </summary>
    public string TargetPackage(string package) => Architecture is null ? package : $"{package}:{Architecture}";
}
