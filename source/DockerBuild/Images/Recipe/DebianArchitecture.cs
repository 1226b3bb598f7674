namespace DockerBuild.Images.Recipe;

/// <summary>
/// A Debian architecture and the names the toolchain needs for it: the multiarch tuple (library and header
/// directories), the GNU triple of the cross compiler, and the machine name Python reports.
/// </summary>
public sealed record DebianArchitecture(string Name, string Multiarch, string CompilerTriple, string Machine, string CMakeProcessor)
{
    /// <summary>The build machine's architecture; every toolchain image runs on it.</summary>
    public static readonly DebianArchitecture Host = new("amd64", "x86_64-linux-gnu", "x86_64-linux-gnu", "x86_64", "x86_64");

    private static readonly DebianArchitecture[] Known =
    [
        Host,
        new("arm64", "aarch64-linux-gnu", "aarch64-linux-gnu", "aarch64", "aarch64"),
        new("armhf", "arm-linux-gnueabihf", "arm-linux-gnueabihf", "armv7l", "arm"),
        new("armel", "arm-linux-gnueabi", "arm-linux-gnueabi", "armv5tel", "arm"),
        new("ppc64el", "powerpc64le-linux-gnu", "powerpc64le-linux-gnu", "ppc64le", "ppc64le"),
        new("s390x", "s390x-linux-gnu", "s390x-linux-gnu", "s390x", "s390x"),
        // i386's multiarch directory and its compiler triple differ (i386- vs i686-).
        new("i386", "i386-linux-gnu", "i686-linux-gnu", "i686", "i686"),
        new("riscv64", "riscv64-linux-gnu", "riscv64-linux-gnu", "riscv64", "riscv64"),
    ];

    /// <summary>meson's name for the CPU family (its reference table).</summary>
    public string MesonCpuFamily => Name switch
    {
        "amd64" => "x86_64",
        "arm64" => "aarch64",
        "armhf" or "armel" => "arm",
        "ppc64el" => "ppc64",
        "s390x" => "s390x",
        "i386" => "x86",
        _ => Machine,
    };

    /// <summary>Rust's target triple, the one Debian's <c>libstd-rust-dev:&lt;arch&gt;</c> provides the standard library for.</summary>
    public string RustTriple => Name switch
    {
        "amd64" => "x86_64-unknown-linux-gnu",
        "arm64" => "aarch64-unknown-linux-gnu",
        "armhf" => "armv7-unknown-linux-gnueabihf",
        "armel" => "armv5te-unknown-linux-gnueabi",
        "ppc64el" => "powerpc64le-unknown-linux-gnu",
        "s390x" => "s390x-unknown-linux-gnu",
        "i386" => "i686-unknown-linux-gnu",
        "riscv64" => "riscv64gc-unknown-linux-gnu",
        _ => $"{Machine}-unknown-linux-gnu",
    };

    /// <summary>Whether the target stores words most significant byte first.</summary>
    public bool BigEndian => Name == "s390x";

    /// <summary>True when the target is not the build machine, i.e. a foreign dpkg architecture is needed.</summary>
    public bool IsForeign => Name != Host.Name;

    /// <summary>Looks an architecture up by its Debian name; the error lists the known ones.</summary>
    public static DebianArchitecture FromDebianName(string name) =>
        Known.FirstOrDefault(a => a.Name == name)
        ?? throw new ArgumentException(
            $"unknown Debian architecture '{name}'; known: {string.Join(", ", Known.Select(a => a.Name))}", nameof(name));

    /// <summary>Looks an architecture up by the cross compiler's GNU triple (or its multiarch tuple); null when unknown.</summary>
    public static DebianArchitecture? FromTriple(string triple) =>
        Known.FirstOrDefault(a => a.CompilerTriple == triple || a.Multiarch == triple);
}
