using System.Text;
using DockerBuild.Images.Recipe;
using DockerBuild.Run;
using DockerBuild.Tools.Process;
using NUnit.Framework;

namespace DockerBuild.Tests.Images;

/// <summary>
/// Cross builds driven from the host through Run: a C program and an autoconf-style configure project built for
/// aarch64 in the arm64 image (and natively in the x64 one), checked by their ELF headers and, in the Emulation
/// category, executed under QEMU.
/// </summary>
[TestFixture]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class CrossBuildTests
{
    private const ushort MachineAarch64 = 183;
    private const ushort MachineX86_64 = 62;
    private BookwormImageSet _images = null!;
    private string _work = null!;

    [OneTimeSetUp]
    public async Task GenerateAsync() => _images = await BookwormImages.GetAsync();

    [SetUp]
    public void CreateWorkDirectory() => _work = Directory.CreateTempSubdirectory("dockerbuild-cross-").FullName;

    [TearDown]
    public void RemoveWorkDirectory() => Directory.Delete(_work, recursive: true);

    private async Task<string> RunAsync(string platform, params string[] command)
    {
        using var stdout = new MemoryStream();
        using var stderr = new MemoryStream();
        var exit = await PlatformRun.RunAsync([_images.Platform(platform)], _images.Settings,
            new RunSettings { Command = command, WorkDirectory = _work, CurrentDirectory = _work, StandardOutput = stdout, StandardError = stderr },
            _images.Engine);
        var output = Encoding.UTF8.GetString(stdout.ToArray());
        Assert.That(exit, Is.Zero, $"{string.Join(' ', command)} failed:\n{output}\n{Encoding.UTF8.GetString(stderr.ToArray())}");
        return output;
    }

    /// <summary>Writes a C source into the work directory and compiles it in the arm64 image with <paramref name="commands"/>.</summary>
    private async Task CompileForArm64Async(string file, string source, string commands)
    {
        await File.WriteAllTextAsync(Path.Combine(_work, file), source);
        await RunAsync(BookwormImages.Arm64, "sh", "-c", commands);
    }

    /// <summary>e_machine of an ELF file (little-endian targets).</summary>
    private static ushort ElfMachine(string path)
    {
        var header = File.ReadAllBytes(path).AsSpan(0, 20);
        Assert.That(header[..4].ToArray(), Is.EqualTo("\u007fELF"u8.ToArray()), $"{path} is not an ELF file");
        return BitConverter.ToUInt16(header[18..20]);
    }

    private void CopyConfigureProject()
    {
        var project = Path.Combine(TestContext.CurrentContext.TestDirectory, "Images", "ConfigureProject");
        foreach (var file in Directory.GetFiles(project)) File.Copy(file, Path.Combine(_work, Path.GetFileName(file)));
        File.SetUnixFileMode(Path.Combine(_work, "configure"), (UnixFileMode)0b111_101_101);
    }

    private async Task<string> BuildConfigureProjectAsync(string platform)
    {
        CopyConfigureProject();
        var configured = await RunAsync(platform, "sh", "-c", "./configure --host=$CROSS_TRIPLE --build=$(gcc -dumpmachine) --prefix=/work/PREFIX");
        Assert.That(configured, Does.Contain("created Makefile"));
        await RunAsync(platform, "make", "install");
        return configured;
    }

    [Test]
    [Category("Docker")]
    public async Task AConfigureProjectCrossBuildsForAarch64FromTheHost()
    {
        var configured = await BuildConfigureProjectAsync(BookwormImages.Arm64);
        Assert.That(configured, Does.Contain("cross compiling... yes"));
        Assert.That(ElfMachine(Path.Combine(_work, "PREFIX", "bin", "hello")), Is.EqualTo(MachineAarch64));
    }

    [Test]
    [Category("Docker")]
    public async Task AConfigureProjectBuiltInTheX64ImageRunsOnTheHost()
    {
        var configured = await BuildConfigureProjectAsync(BookwormImages.X64);
        Assert.That(configured, Does.Contain("cross compiling... no"));
        var binary = Path.Combine(_work, "PREFIX", "bin", "hello");
        Assert.That(ElfMachine(binary), Is.EqualTo(MachineX86_64));
        var run = await ProcessRunner.RunCheckedAsync(new ProcessSpec { FileName = binary });
        Assert.That(run.StandardOutput, Is.EqualTo("hello from x86_64-linux-gnu, 64-bit\n"));
    }

    [Test]
    [Category("Emulation")]
    public async Task ACrossCompiledCProgramRunsUnderQemu()
    {
        await CompileForArm64Async("hello.c",
            "#include <stdio.h>\nint main(void) { printf(\"hello from %d-bit %s\\n\", (int)(sizeof(void *) * 8), __VERSION__ ? \"gcc\" : \"?\"); return 0; }\n",
            "$CC -O2 -o hello hello.c && $CC -O2 -static -o hello-static hello.c");
        Assert.That(ElfMachine(Path.Combine(_work, "hello")), Is.EqualTo(MachineAarch64));

        // Dynamically linked: inside the image, whose multiarch libc6:arm64 is the sysroot, through the host's binfmt handler.
        Assert.That(await RunAsync(BookwormImages.Arm64, "./hello"), Is.EqualTo("hello from 64-bit gcc\n"));
        // Statically linked: on the host, with qemu-aarch64-static directly.
        var qemu = ProcessRunner.Which("qemu-aarch64-static") ?? throw new InconclusiveException("qemu-aarch64-static is not installed");
        var onHost = await ProcessRunner.RunCheckedAsync(new ProcessSpec { FileName = qemu, Arguments = [Path.Combine(_work, "hello-static")] });
        Assert.That(onHost.StandardOutput, Is.EqualTo("hello from 64-bit gcc\n"));
    }

    [Test]
    [Category("Emulation")]
    public async Task TheImagesEmulatorWrapperRunsATargetProgramAndNamesTheFixWhenTheKernelCannot()
    {
        await CompileForArm64Async("args.c",
            "#include <stdio.h>\nint main(int argc, char **argv) { printf(\"%d %s\\n\", (int)(sizeof(void *) * 8), argv[argc - 1]); return 7; }\n",
            "$CC -o args args.c");
        // Without the image's QEMU_LD_PREFIX too: the wrapper knows the sysroot. The exit code is the program's.
        Assert.That(await RunAsync(BookwormImages.Arm64, "sh", "-c", $"env -u QEMU_LD_PREFIX {TargetEmulatorScript.Path} ./args one two; echo exit=$?"),
            Is.EqualTo("64 two\nexit=7\n"));

        // An ELF file for a machine no QEMU handler knows: the kernel cannot run it, and the wrapper says what to do.
        var bytes = await File.ReadAllBytesAsync(Path.Combine(_work, "args"));
        bytes[18] = 0x34;
        bytes[19] = 0x12;
        await File.WriteAllBytesAsync(Path.Combine(_work, "unknown"), bytes);
        File.SetUnixFileMode(Path.Combine(_work, "unknown"), (UnixFileMode)0b111_101_101);
        var refused = await RunAsync(BookwormImages.Arm64, "sh", "-c", $"{TargetEmulatorScript.Path} ./unknown 2>&1; echo exit=$?");
        Assert.That(refused, Does.StartWith("run-target: this machine cannot run ./unknown, built for aarch64 (Exec format error)")
            .And.Contain("Fix: run ./build.sh Prerequisites as root").And.EndWith("exit=1\n"));
    }

    [Test]
    [Category("Emulation")]
    public async Task TheConfigureBuiltAarch64ProgramRunsUnderQemu()
    {
        await BuildConfigureProjectAsync(BookwormImages.Arm64);
        Assert.That(await RunAsync(BookwormImages.Arm64, "/work/PREFIX/bin/hello"), Is.EqualTo("hello from aarch64-linux-gnu, 64-bit\n"));
    }
}
