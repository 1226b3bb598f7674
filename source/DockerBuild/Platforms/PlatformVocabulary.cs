namespace DockerBuild.Platforms;

/// <summary>
/// The values platform files may use, in one place so validation messages can list them.
/// </summary>
public static class PlatformVocabulary
{
    /// <summary>YAML spellings of <see cref="PlatformKind"/>.</summary>
    public static readonly IReadOnlyList<string> Kinds = ["linux", "prebuilt-only", "universal"];

    /// <summary>Platform names CIPD itself uses (its <c>${platform}</c> values); all 32-bit ARM is <c>armv6l</c>.</summary>
    public static readonly IReadOnlyList<string> CipdPlatforms =
    [
        "linux-amd64", "linux-arm64", "linux-armv6l", "linux-ppc64le", "linux-s390x", "linux-386",
        "linux-riscv64", "linux-mips64le", "linux-mipsle", "mac-amd64", "mac-arm64",
        "windows-amd64", "windows-386", "windows-arm64",
    ];

    /// <summary>
    /// Debian releases a base can be bootstrapped from, with what they ship (forky's as its archive has it now:
    /// testing moves, so its glibc is the one a build gets today).
    /// </summary>
    public static readonly IReadOnlyList<DebianSuite> DebianSuites =
    [
        new("bullseye", Glibc: "2.31", Python: "3.9") { Architectures = ["amd64", "arm64", "armhf", "armel", "i386", "ppc64el", "s390x"] },
        new("bookworm", Glibc: "2.36", Python: "3.11") { Architectures = ["amd64", "arm64", "armhf", "armel", "i386", "ppc64el", "s390x"] },
        new("trixie", Glibc: "2.41", Python: "3.13"),
        new("forky", Glibc: "2.43", Python: "3.14", Testing: true),
    ];

    /// <summary>The suite of this name, or null.</summary>
    public static DebianSuite? Suite(string? name) => DebianSuites.FirstOrDefault(s => s.Name == name);

    /// <summary>Target architectures known to the cross toolchains, keyed by the first part of the GNU triple.</summary>
    public static readonly IReadOnlyList<TargetArchitecture> Architectures =
    [
        new("x86_64", Qemu: null, DpkgArchitecture: null, MultiarchTriple: "x86_64-linux-gnu"),
        new("aarch64", Qemu: "aarch64", DpkgArchitecture: "arm64", MultiarchTriple: "aarch64-linux-gnu"),
        new("arm", Qemu: "arm", DpkgArchitecture: "armhf", MultiarchTriple: "arm-linux-gnueabihf"),
        new("powerpc64le", Qemu: "ppc64le", DpkgArchitecture: "ppc64el", MultiarchTriple: "powerpc64le-linux-gnu"),
        new("s390x", Qemu: "s390x", DpkgArchitecture: "s390x", MultiarchTriple: "s390x-linux-gnu"),
        new("i686", Qemu: "i386", DpkgArchitecture: "i386", MultiarchTriple: "i386-linux-gnu"),
        new("riscv64", Qemu: "riscv64", DpkgArchitecture: "riscv64", MultiarchTriple: "riscv64-linux-gnu"),
    ];

    /// <summary>QEMU user-mode emulators (<c>qemu-&lt;name&gt;-static</c>) a platform may name.</summary>
    public static IReadOnlyList<string> QemuArchitectures =>
        Architectures.Select(a => a.Qemu).OfType<string>().ToList();

    /// <summary>Foreign dpkg architectures a Debian base may add.</summary>
    public static IReadOnlyList<string> DpkgArchitectures =>
        Architectures.Select(a => a.DpkgArchitecture).OfType<string>().ToList();

    /// <summary>
    /// The architecture a GNU triple targets: <c>armv6-unknown-linux-gnueabihf</c> and <c>arm-linux-gnueabihf</c>
    /// are both <c>arm</c>; <c>i386</c>…<c>i686</c> are all <c>i686</c>.
    /// </summary>
    public static TargetArchitecture? ArchitectureOf(string crossTriple)
    {
        var cpu = crossTriple.Split('-')[0];
        if (cpu.StartsWith("arm", StringComparison.Ordinal))
            cpu = "arm";
        else if (cpu is "i386" or "i486" or "i586")
            cpu = "i686";
        return Architectures.FirstOrDefault(a => a.TripleCpu == cpu);
    }
}

/// <summary>
/// A Debian release: the glibc and default Python 3 it ships decide which wheels it can build. A testing suite keeps
/// changing, and its Release file expires a week after it is written.
/// </summary>
public sealed record DebianSuite(string Name, string Glibc, string Python, bool Testing = false)
{
    /// <summary>The dpkg architectures it has, where it lacks some of <see cref="PlatformVocabulary.Architectures"/>; null: all of them.</summary>
    public IReadOnlyList<string>? Architectures { get; init; }

    /// <summary>The N of glibc 2.N, the level of manylinux_2_N it satisfies.</summary>
    public int GlibcMinor => int.Parse(Glibc.Split('.')[1], System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Whether it has packages for a dpkg architecture (amd64 when null).</summary>
    public bool Has(string? dpkgArchitecture) => Architectures is null || Architectures.Contains(dpkgArchitecture ?? "amd64");
}

/// <summary>How one CPU family is named by the GNU triple, QEMU, dpkg and Debian multiarch.</summary>
public sealed record TargetArchitecture(string TripleCpu, string? Qemu, string? DpkgArchitecture, string MultiarchTriple);
