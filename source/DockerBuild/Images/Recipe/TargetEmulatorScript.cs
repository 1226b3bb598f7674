namespace DockerBuild.Images.Recipe;

/// <summary>
/// The program a foreign image's build tools run target programs through: CMake's <c>CMAKE_CROSSCOMPILING_EMULATOR</c>
/// (<c>try_run</c>, <c>check_c_source_runs</c>) and meson's <c>exe_wrapper</c> (<c>cc.run()</c>) name it. The host's
/// QEMU user-mode handler runs the program: binfmt_misc registered with the fix-binary flag opens the emulator when it
/// is registered, so it works inside any container and the image carries no emulator of its own. QEMU takes the
/// target's loader and libraries from <c>QEMU_LD_PREFIX</c>, the cross sysroot.
/// </summary>
public static class TargetEmulatorScript
{
    /// <summary>Where the recipe installs it inside a foreign image.</summary>
    public const string Path = "/usr/lib/dockerbuild/run-target";

    /// <summary>
    /// A Python script rather than a shell one: <c>os.execv</c> reports a program the kernel cannot run as such, where a
    /// shell (and <c>execvp</c>) would read a foreign ELF file as a shell script and print nonsense.
    /// </summary>
    public static string For(CrossTarget target)
    {
        var sysroot = $"/usr/{target.Architecture.CompilerTriple}";
        var machine = target.Architecture.Machine;
        return $$"""
            #!/usr/bin/python3 -IS
            # Runs a program built for {{machine}} (written by DockerBuild for {{target.PlatformName}}): run-target PROGRAM [ARGUMENTS...]
            # The host's QEMU handler (binfmt_misc, fix-binary flag) runs it, with the target's loader and libraries from
            # QEMU_LD_PREFIX. CMake's try_run and meson's run checks start target programs through this script.
            import errno
            import os
            import sys

            if len(sys.argv) < 2:
                sys.exit("usage: run-target PROGRAM [ARGUMENTS...]")
            os.environ.setdefault("QEMU_LD_PREFIX", "{{sysroot}}")
            program = sys.argv[1]
            try:
                os.execvp(program, sys.argv[1:])
            except OSError as error:
                # ENOEXEC: no handler knows the file; ENOENT for a file that exists: a handler without the fix-binary flag,
                # whose emulator is not inside this container.
                if not (error.errno == errno.ENOEXEC or error.errno == errno.ENOENT and os.path.isfile(program)):
                    sys.exit(f"run-target: {program}: {error.strerror}")
                sys.exit(f"run-target: this machine cannot run {program}, built for {{machine}} ({error.strerror}): "
                         "the build machine needs a QEMU handler for {{machine}} registered in binfmt_misc with the fix-binary "
                         "flag. Fix: run ./build.sh Prerequisites as root (it installs qemu-user-static and enables it).")

            """;
    }
}
