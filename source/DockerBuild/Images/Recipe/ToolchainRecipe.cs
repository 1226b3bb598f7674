using System.Text;
using System.Text.RegularExpressions;

namespace DockerBuild.Images.Recipe;

/// <summary>
/// The build context of a platform image: a Dockerfile that adds the cross toolchain, target Python headers and
/// sysconfig to the suite's shared host tools (<see cref="SuiteToolsRecipe"/>), plus the files it copies in. The text of
/// every file is part of the content key, so any change here must be deliberate — bump <see cref="Version"/>
/// when the meaning changes without the text changing.
/// </summary>
public static partial class ToolchainRecipe
{
    /// <summary>The recipe version constant that enters every content key.</summary>
    public const int Version = 3;

    /// <summary>Where the package manifest is written inside the image.</summary>
    public const string ManifestPath = "/etc/dockerbuild/manifest";

    /// <summary>Where recipe sources from the CIPD store are copied inside the image.</summary>
    public const string SourcesPath = "/usr/src/dockerbuild";

    /// <summary>Build-context files by name (Dockerfile, toolchain file, scripts); sources are added separately.</summary>
    public static IReadOnlyDictionary<string, string> Files(CrossTarget target, SuiteToolsRecipe tools,
        IReadOnlyList<string> extraPackages, IReadOnlyDictionary<string, string> platformEnv, bool hasSources)
    {
        var files = new Dictionary<string, string>
        {
            ["Dockerfile"] = Dockerfile(target, tools, extraPackages, platformEnv, hasSources),
            ["toolchain.cmake"] = CMakeToolchainFile.For(target),
            ["meson-cross.ini"] = MesonCrossFile.For(target),
            ["cargo-config.toml"] = CargoConfig,
            ["entrypoint"] = EntrypointScripts.Entrypoint,
            ["dockcross-script"] = EntrypointScripts.HostScriptTemplate,
        };
        if (target.Architecture.IsForeign) files["run-target"] = TargetEmulatorScript.For(target);
        if (target.GlibcFloor is { } floor) files["glibc-floor-setup"] = floor.SetupScript(target, tools.Base.AcceptsExpiredRelease);
        return files;
    }

    /// <summary>The build-context files that are programs (COPY keeps their mode).</summary>
    public static readonly IReadOnlySet<string> Executables = new HashSet<string>(StringComparer.Ordinal) { "entrypoint", "dockcross-script", "run-target", "glibc-floor-setup" };

    /// <summary>Debian packages the platform adds to the suite's host tools, sorted.</summary>
    public static IReadOnlyList<string> Packages(CrossTarget target, IReadOnlyList<string> extraPackages)
    {
        var arch = target.Architecture;
        var packages = new SortedSet<string>(StringComparer.Ordinal);
        // The same apt recipe serves a debootstrapped base and a mirrored Debian-based upstream image.
        if (arch.IsForeign) packages.Add($"crossbuild-essential-{arch.Name}");
        // The target interpreter's headers, libpython and _sysconfigdata (multiarch, co-installable with the host's).
        packages.Add(TargetPackage($"libpython{target.Python}-dev", arch));
        foreach (var extra in extraPackages) packages.Add(extra);
        return Checked(packages, target);
    }

    /// <summary>
    /// cargo's configuration in every image: crates come from the ones Debian packages (<c>librust-*-dev</c>, a directory
    /// registry), never from the network, so a Rust extension builds offline from pinned Debian packages.
    /// </summary>
    public const string CargoConfig = """
        # Written by DockerBuild: crates come from Debian's librust-*-dev packages, never from the network.
        [source.crates-io]
        replace-with = "debian"

        [source.debian]
        directory = "/usr/share/cargo/registry"

        [net]
        offline = true

        """;

    /// <summary>
    /// The packages of one wheel's layer, sorted: its target libraries for the target architecture, and its build
    /// packages for the build machine (they run during the build, never under emulation). A build that brings the Rust
    /// compiler also gets the target's Rust standard library, which a wheel spec should not have to know about.
    /// </summary>
    public static IReadOnlyList<string> LayerPackages(CrossTarget target, IReadOnlyList<string> targetLibraries, IReadOnlyList<string> buildPackages)
    {
        var packages = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var library in targetLibraries) packages.Add(TargetPackage(library, target.Architecture));
        foreach (var package in buildPackages) packages.Add(package);
        if (buildPackages.Any(p => p is "rustc" or "cargo" or "python3-setuptools-rust" or "python3-maturin"))
            packages.Add(TargetPackage("libstd-rust-dev", target.Architecture));
        return Checked(packages, target);
    }

    private static IReadOnlyList<string> Checked(IEnumerable<string> packages, CrossTarget target)
    {
        foreach (var name in packages)
        {
            if (!PackageName().IsMatch(name))
                throw new ArgumentException($"'{name}' is not a valid Debian package name (expected e.g. zlib1g-dev or zlib1g-dev:arm64) for platform '{target.PlatformName}'.");
        }
        return packages.ToList();
    }

    private static string TargetPackage(string name, DebianArchitecture arch) =>
        arch.IsForeign && !name.Contains(':') ? $"{name}:{arch.Name}" : name;

    private static string Dockerfile(CrossTarget target, SuiteToolsRecipe tools, IReadOnlyList<string> extraPackages,
        IReadOnlyDictionary<string, string> platformEnv, bool hasSources)
    {
        var arch = target.Architecture;
        var apt = tools.Base.AptGet;
        var d = new StringBuilder();
        d.Append($"# DockerBuild toolchain image for {target.PlatformName} (recipe {Version})\n");
        d.Append($"FROM {tools.Reference}\n");
        d.Append("RUN set -eux; \\\n");
        if (arch.IsForeign) d.Append($"    dpkg --add-architecture {arch.Name}; \\\n");
        d.Append($"    {apt} update; \\\n");
        d.Append($"    {apt} install -y --no-install-recommends \\\n");
        foreach (var package in Packages(target, extraPackages)) d.Append($"        {package} \\\n");
        // The downloaded packages go; apt's lists stay, so an image built on this one fetches only the indexes that changed.
        d.Append("    ; \\\n");
        d.Append($"    {apt} clean\n");
        if (target.GlibcFloor is not null)
        {
            d.Append($"COPY glibc-floor-setup {GlibcFloorSysroot.SetupPath}\n");
            d.Append($"RUN {GlibcFloorSysroot.SetupPath}\n");
        }
        d.Append($"COPY toolchain.cmake {CrossEnvironment.CMakeToolchainPath}\n");
        if (arch.IsForeign) d.Append($"COPY meson-cross.ini {MesonCrossFile.Path}\n");
        if (arch.IsForeign) d.Append($"COPY run-target {TargetEmulatorScript.Path}\n");
        // At the root, so every cargo run below it (any build directory) reads it.
        d.Append("COPY cargo-config.toml /.cargo/config.toml\n");
        d.Append($"COPY dockcross-script {EntrypointScripts.HostScriptPath}\n");
        d.Append($"COPY entrypoint {EntrypointScripts.EntrypointPath}\n");
        if (hasSources) d.Append($"COPY sources/ {SourcesPath}/\n");
        d.Append("ENV");
        foreach (var (key, value) in CrossEnvironment.For(target, platformEnv)) d.Append($" \\\n    {key}={Quote(value)}");
        d.Append('\n');
        // Fail the build here, naming what is missing, rather than in the first wheel build.
        d.Append("RUN set -eux; \\\n");
        d.Append("    command -v \"$CC\" \"$CXX\" \"$AR\" \"$STRIP\" \"$RANLIB\"; \\\n");
        // The compilers on PATH are the floor's wrappers, whatever name the platform's env gives them.
        if (target.GlibcFloor is not null)
            d.Append($"    test \"$(${{CC%% *}} -print-sysroot)\" = {GlibcFloorSysroot.SysrootDirectory}; \\\n");
        d.Append($"    test -f /usr/include/{arch.Multiarch}/python{target.Python}/pyconfig.h; \\\n");
        d.Append("    python3 -c 'import importlib, os; importlib.import_module(os.environ[\"_PYTHON_SYSCONFIGDATA_NAME\"])'\n");
        d.Append($"RUN mkdir -p {Path.GetDirectoryName(ManifestPath)} && {ManifestCommand(target)}\n");
        d.Append("WORKDIR /work\n");
        // Last, so a different image name does not invalidate the engine's cache of the layers above.
        d.Append("ARG DOCKERBUILD_IMAGE\n");
        d.Append("ENV DOCKERBUILD_IMAGE=${DOCKERBUILD_IMAGE}\n");
        d.Append($"ENTRYPOINT [\"{EntrypointScripts.EntrypointPath}\"]\n");
        d.Append("CMD []\n");
        return d.ToString();
    }

    /// <summary>
    /// The shell command that writes the manifest: every installed package and version, and the glibc floor's unpacked
    /// packages (which dpkg does not know about) under <c>sysroot/&lt;suite&gt;/</c>.
    /// </summary>
    public static string ManifestCommand(CrossTarget target) => target.GlibcFloor is null
        ? $"dpkg-query -W -f '${{binary:Package}}\\t${{Version}}\\n' | LC_ALL=C sort > {ManifestPath}"
        : $"{{ dpkg-query -W -f '${{binary:Package}}\\t${{Version}}\\n'; cat {GlibcFloorSysroot.PackagesFile}; }} | LC_ALL=C sort > {ManifestPath}";

    /// <summary>Dockerfile ENV quoting: double quotes, with backslash, quote and dollar escaped.</summary>
    private static string Quote(string value) =>
        "\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("$", "\\$") + "\"";

    [GeneratedRegex(@"^[a-z0-9][a-z0-9+.\-]*(:[a-z0-9]+)?$")]
    private static partial Regex PackageName();
}
