using DockerBuild.Platforms;

namespace DockerBuild.Images.Recipe;

/// <summary>
/// What a platform targets, resolved from its spec: Debian architecture, compiler triple, Python version and the
/// machine name wheels are tagged with. Everything the recipe writes is derived from this one value.
/// </summary>
public sealed record CrossTarget(string PlatformName, DebianArchitecture Architecture, string Triple, string Python, string Machine)
{
    /// <summary>The older suite's C library the compilers link against (<c>glibc_floor</c>); null: the base suite's own.</summary>
    public GlibcFloorSysroot? GlibcFloor { get; init; }

    /// <summary>Resolves a Linux platform; errors name the platform file and the field to fix.</summary>
    public static CrossTarget For(PlatformSpec platform)
    {
        if (platform.Kind != PlatformKind.Linux)
            throw new ArgumentException($"{platform.SourceFile}: platform '{platform.Name}' is of kind {platform.Kind}; only Linux platforms have a toolchain image.");
        if (string.IsNullOrEmpty(platform.CrossTriple))
            throw new ArgumentException($"{platform.SourceFile}: platform '{platform.Name}' has no cross_triple (e.g. aarch64-linux-gnu).");
        if (!System.Text.RegularExpressions.Regex.IsMatch(platform.Python, @"^3\.\d+$"))
            throw new ArgumentException($"{platform.SourceFile}: platform '{platform.Name}' has python '{platform.Python}'; expected 3.X, e.g. 3.11.");

        var architecture = platform.Base?.Debian?.Architecture is { Length: > 0 } name
            ? DebianArchitecture.FromDebianName(name)
            : DebianArchitecture.FromTriple(platform.CrossTriple)
              ?? throw new ArgumentException($"{platform.SourceFile}: cross_triple '{platform.CrossTriple}' of '{platform.Name}' matches no known Debian architecture; set base.debian.architecture.");
        var floor = platform.GlibcFloor is { } suite && platform.Base?.Debian is { } debian
            ? new GlibcFloorSysroot(suite.Name, suite.Glibc, debian.Suite)
            : null;
        return new CrossTarget(platform.Name, architecture, platform.CrossTriple, platform.Python, MachineOf(platform, architecture)) { GlibcFloor = floor };
    }

    /// <summary>The machine part of the preferred wheel tag (manylinux_2_36_aarch64 → aarch64), else the architecture's.</summary>
    private static string MachineOf(PlatformSpec platform, DebianArchitecture architecture)
    {
        foreach (var tag in platform.WheelPlat)
        {
            foreach (var prefix in new[] { "manylinux_", "musllinux_" })
            {
                if (!tag.StartsWith(prefix, StringComparison.Ordinal)) continue;
                var parts = tag.Split('_', 4); // manylinux, major, minor, machine (which may contain '_', e.g. x86_64)
                if (parts.Length == 4) return parts[3];
            }
            if (tag.StartsWith("linux_", StringComparison.Ordinal)) return tag["linux_".Length..];
        }
        return architecture.Machine;
    }

    /// <summary>The directory Debian puts the target's libraries (and pkg-config files) under.</summary>
    public string LibraryDirectory => $"/usr/lib/{Architecture.Multiarch}";

    /// <summary>The sysconfig module of the target interpreter, as Debian's libpython3.X packages name it.</summary>
    public string SysconfigDataName => $"_sysconfigdata__{Architecture.Multiarch}";
}
