namespace DockerBuild.Images.Recipe;

/// <summary>
/// The meson cross file written into a foreign platform's image, so meson (and meson-python, which the build frontend
/// hands it to) compiles for the target: its compilers and binutils, its <c>host_machine</c>, and pkg-config reading
/// the target's multiarch directory, and an <c>exe_wrapper</c> for the checks that run a target program (<c>cc.run()</c>,
/// and meson's own compiler sanity check, which it runs only when a wrapper is given).
/// </summary>
public static class MesonCrossFile
{
    /// <summary>Where the recipe installs it inside the image (also exported as <c>DOCKERBUILD_MESON_CROSS_FILE</c>).</summary>
    public const string Path = "/usr/lib/dockerbuild/meson-cross.ini";

    public static string For(CrossTarget target)
    {
        var t = target.Triple;
        var architecture = target.Architecture;
        string Quote(string value) => $"'{value}'";
        var lines = new List<string>
        {
            $"# meson cross file for {target.PlatformName} (written by DockerBuild)",
            "[binaries]",
            $"c = {Quote($"{t}-gcc")}",
            $"cpp = {Quote($"{t}-g++")}",
            $"ar = {Quote($"{t}-ar")}",
            $"strip = {Quote($"{t}-strip")}",
            $"objcopy = {Quote($"{t}-objcopy")}",
            "pkg-config = 'pkg-config'",
            $"exe_wrapper = {Quote(TargetEmulatorScript.Path)}",
            "",
            "[properties]",
            $"pkg_config_libdir = [{Quote($"{target.LibraryDirectory}/pkgconfig")}, '/usr/share/pkgconfig']",
            "",
            "[host_machine]",
            "system = 'linux'",
            $"cpu_family = {Quote(architecture.MesonCpuFamily)}",
            $"cpu = {Quote(target.Machine)}",
            $"endian = {Quote(architecture.BigEndian ? "big" : "little")}",
        };
        return string.Join('\n', lines) + "\n";
    }
}
