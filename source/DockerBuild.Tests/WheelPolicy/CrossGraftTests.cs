using System.Security.Cryptography;
using NUnit.Framework;
using DockerBuild.Tests.Cipd;
using DockerBuild.Tools.Elf;
using DockerBuild.Tools.Process;
using DockerBuild.Wheels.Repair;

namespace DockerBuild.Tests.WheelPolicy;

/// <summary>
/// Grafting a cross-built (aarch64) wheel on the x86-64 host — what auditwheel cannot do: a library chain from a
/// target sysroot is grafted recursively, rewired, and the repaired extension really loads and runs under QEMU.
/// </summary>
[TestFixture]
[Category("WheelPolicy")]
public sealed class CrossGraftTests
{
    private TemporaryDirectory _scratch = null!;

    [SetUp] public void CreateScratch() => _scratch = new TemporaryDirectory();
    [TearDown] public void RemoveScratch() => _scratch.Dispose();

    [Test]
    public async Task ACrossBuiltLibraryChainIsGraftedAndLoadsUnderEmulation()
    {
        var sysroot = _scratch["sysroot/lib"];
        await NativeToolchain.SharedObjectAsync("aarch64", "int bar(void) { return 40; }", Path.Combine(sysroot, "libbar.so.2"), "-Wl,-soname,libbar.so.2");
        await NativeToolchain.SharedObjectAsync("aarch64", "int bar(void); int foo(void) { return bar() + 2; }", Path.Combine(sysroot, "libfoo.so.1"),
            "-Wl,-soname,libfoo.so.1", $"-L{sysroot}", "-l:libbar.so.2");
        var extension = await NativeToolchain.SharedObjectAsync("aarch64", "int foo(void); int answer(void) { return foo(); }", _scratch["build/_answer.so"],
            $"-L{sysroot}", "-l:libfoo.so.1", $"-Wl,-rpath,{sysroot}");
        var wheel = WheelFiles.Write(_scratch["dist/crossdemo-1.0-cp311-cp311-linux_aarch64.whl"],
            [("crossdemo/__init__.py", "from .native._answer import *\n"u8.ToArray()), ("crossdemo/native/_answer.so", await File.ReadAllBytesAsync(extension))]);

        var repaired = await WheelRepair.RepairAsync(wheel, new WheelRepairSettings
        {
            Platform = LocalPackageBuilds.Platform("linux-arm64-py3.11"), OutputDirectory = _scratch["out"], SysrootLibraryDirectories = [sysroot],
        });

        Assert.That(repaired.Tag, Is.EqualTo("manylinux_2_17_aarch64.manylinux2014_aarch64"));
        string Hashed(string stem, string so) => $"{stem}-{Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(sysroot, so))))[..8]}{so[stem.Length..]}";
        var foo = Hashed("libfoo", "libfoo.so.1");
        var bar = Hashed("libbar", "libbar.so.2");
        Assert.That(repaired.Grafted.Select(g => g.GraftedName).ToList(), Is.EqualTo(new[] { bar, foo }));

        var inspect = _scratch["inspect"];
        var patchedExtension = LocalPackageBuilds.Extract(repaired.Path, "crossdemo/native/_answer.so", inspect);
        var patchedFoo = LocalPackageBuilds.Extract(repaired.Path, $"crossdemo.libs/{foo}", inspect);
        Assert.That(ElfReader.Read(patchedExtension).Needed, Does.Contain(foo).And.Not.Contain("libfoo.so.1"));
        Assert.That(await NativeToolchain.DynamicAsync(patchedExtension, "RPATH"), Is.EqualTo(new[] { "$ORIGIN/../../crossdemo.libs" }),
            "the build machine's absolute rpath is dropped, the path to the grafted libraries set");
        Assert.That(ElfReader.Read(patchedFoo).Needed, Does.Contain(bar));
        Assert.That(await NativeToolchain.DynamicAsync(patchedFoo, "SONAME"), Is.EqualTo(new[] { foo }));
        Assert.That(await NativeToolchain.DynamicAsync(patchedFoo, "RPATH"), Is.EqualTo(new[] { "$ORIGIN" }));

        // Load the repaired extension from an installed layout, with the sysroot gone, on an emulated aarch64.
        Directory.Delete(sysroot, recursive: true);
        var site = _scratch["site"];
        System.IO.Compression.ZipFile.ExtractToDirectory(repaired.Path, site);
        var loader = await NativeToolchain.ExecutableAsync("aarch64", """
            #include <dlfcn.h>
            #include <stdio.h>
            int main(int argc, char **argv) {
                void *h = dlopen(argv[1], RTLD_NOW);
                if (!h) { fprintf(stderr, "%s\n", dlerror()); return 2; }
                int (*answer)(void) = (int (*)(void))dlsym(h, "answer");
                printf("%d\n", answer());
                return 0;
            }
            """, _scratch["loader/main"]);
        var run = await RunUnderQemuAsync(loader, Path.Combine(site, "crossdemo/native/_answer.so"));
        Assert.That(run.StandardOutput.Trim(), Is.EqualTo("42"), run.StandardError);
    }

    private static async Task<ProcessResult> RunUnderQemuAsync(string program, string extension)
    {
        var qemu = ProcessRunner.Which("qemu-aarch64-static") ?? ProcessRunner.Which("qemu-aarch64");
        if (qemu is null) Assert.Fail("qemu-aarch64-static is not installed; install it with: apt-get install -y qemu-user-static");
        return await ProcessRunner.RunAsync(new ProcessSpec { FileName = qemu!, Arguments = ["-L", "/usr/aarch64-linux-gnu", program, extension] });
    }
}
