namespace DockerBuild.Images.Recipe;

/// <summary>The CMake toolchain file written into the image, so <c>cmake -DCMAKE_TOOLCHAIN_FILE=$CMAKE_TOOLCHAIN_FILE</c> cross-compiles.</summary>
public static class CMakeToolchainFile
{
    public static string For(CrossTarget target)
    {
        var t = target.Triple;
        var lines = new List<string> { $"# CMake toolchain for {target.PlatformName} (written by DockerBuild)" };
        if (target.Architecture.IsForeign)
        {
            // Only a foreign target sets the system name: that is what turns on CMAKE_CROSSCOMPILING.
            lines.Add("set(CMAKE_SYSTEM_NAME Linux)");
            lines.Add($"set(CMAKE_SYSTEM_PROCESSOR {target.Architecture.CMakeProcessor})");
        }
        lines.Add($"set(CMAKE_C_COMPILER {t}-gcc)");
        lines.Add($"set(CMAKE_CXX_COMPILER {t}-g++)");
        lines.Add($"set(CMAKE_LIBRARY_ARCHITECTURE {target.Architecture.Multiarch})");
        if (target.Architecture.IsForeign)
        {
            lines.Add($"set(CMAKE_FIND_ROOT_PATH /usr/{target.Architecture.CompilerTriple})");
            lines.Add("set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)");
            // BOTH: Debian multiarch keeps target libraries in /usr/lib/<multiarch>, outside the cross root.
            lines.Add("set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY BOTH)");
            lines.Add("set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE BOTH)");
            lines.Add("set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE BOTH)");
            // try_run and check_c_source_runs start the program they compiled through this; nothing else runs target code.
            lines.Add($"set(CMAKE_CROSSCOMPILING_EMULATOR {TargetEmulatorScript.Path})");
            // FindPython does not ask the interpreter (the build machine's) anything when cross-compiling, and finds the
            // target's python-config only after it recorded an empty module suffix; naming Debian's target python-config
            // up front gives every module the target's suffix (.cpython-311-aarch64-linux-gnu.so).
            // CMake 3.27 and later run it through a launcher variable, set later still, so name that too.
            foreach (var prefix in new[] { "Python", "Python3" })
                foreach (var variable in new[] { "CONFIG", "CONFIG_LAUNCHER" })
                    lines.Add($"set(_{prefix}_{variable} /usr/bin/{target.Architecture.Multiarch}-python{target.Python}-config CACHE INTERNAL \"\")");
        }
        return string.Join('\n', lines) + "\n";
    }
}
