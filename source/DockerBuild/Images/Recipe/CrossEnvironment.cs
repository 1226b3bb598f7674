namespace DockerBuild.Images.Recipe;

/// <summary>
/// The image environment, dockcross-style: compiler and binutils names for the target triple, the CMake toolchain
/// file, pkg-config pointed at the target's multiarch directory, the QEMU loader prefix, and the variables that
/// make the host interpreter report the target's sysconfig (what a cross wheel build needs).
/// </summary>
public static class CrossEnvironment
{
    /// <summary>Where the recipe installs the CMake toolchain file inside the image.</summary>
    public const string CMakeToolchainPath = "/usr/lib/dockerbuild/toolchain.cmake";

    /// <summary>The variables in the order they are written to the Dockerfile.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> For(CrossTarget target, IReadOnlyDictionary<string, string> platformEnv)
    {
        var t = target.Triple;
        var env = new List<KeyValuePair<string, string>>
        {
            new("DOCKERBUILD_PLATFORM", target.PlatformName),
            new("CROSS_TRIPLE", t),
            new("CC", $"{t}-gcc"),
            new("CXX", $"{t}-g++"),
            new("CPP", $"{t}-cpp"),
            new("AR", $"{t}-ar"),
            new("AS", $"{t}-as"),
            new("LD", $"{t}-ld"),
            new("NM", $"{t}-nm"),
            new("OBJCOPY", $"{t}-objcopy"),
            new("OBJDUMP", $"{t}-objdump"),
            new("RANLIB", $"{t}-ranlib"),
            new("READELF", $"{t}-readelf"),
            new("STRIP", $"{t}-strip"),
            new("LDSHARED", $"{t}-gcc -shared"),
            new("CMAKE_TOOLCHAIN_FILE", CMakeToolchainPath),
            new("PKG_CONFIG_LIBDIR", $"{target.LibraryDirectory}/pkgconfig:/usr/share/pkgconfig"),
            new("PKG_CONFIG_PATH", $"{target.LibraryDirectory}/pkgconfig"),
        };
        if (target.Architecture.IsForeign)
        {
            env.Add(new("QEMU_LD_PREFIX", $"/usr/{target.Architecture.CompilerTriple}"));
            env.Add(new("DOCKERBUILD_MESON_CROSS_FILE", MesonCrossFile.Path));
            // cargo (setuptools-rust, maturin) builds for the target with the target's linker; PyO3 configures for the
            // target's Python without running it.
            var rust = target.Architecture.RustTriple;
            env.Add(new("CARGO_BUILD_TARGET", rust));
            env.Add(new($"CARGO_TARGET_{rust.Replace('-', '_').ToUpperInvariant()}_LINKER", $"{t}-gcc"));
            env.Add(new("PYO3_CROSS_PYTHON_VERSION", target.Python));
        }
        // The floor's compiler wrappers come first, under the compilers' own names, so every caller gets them.
        if (target.GlibcFloor is not null) env.Add(new("PATH", GlibcFloorSysroot.Path));
        env.Add(new("_PYTHON_HOST_PLATFORM", $"linux-{target.Machine}"));
        env.Add(new("_PYTHON_SYSCONFIGDATA_NAME", target.SysconfigDataName));
        foreach (var (key, value) in platformEnv.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            env.RemoveAll(p => p.Key == key);
            env.Add(new(key, value));
        }
        return env;
    }
}
