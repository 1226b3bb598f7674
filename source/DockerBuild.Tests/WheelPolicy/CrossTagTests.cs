using NUnit.Framework;
using DockerBuild.Tests.Cipd;
using DockerBuild.Wheels.Repair;

namespace DockerBuild.Tests.WheelPolicy;

/// <summary>Cross-built wheels are tagged for their own architecture from their real GLIBC needs, and mismatches are refused.</summary>
[TestFixture]
[Category("WheelPolicy")]
public sealed class CrossTagTests
{
    private TemporaryDirectory _scratch = null!;

    [SetUp] public void CreateScratch() => _scratch = new TemporaryDirectory();
    [TearDown] public void RemoveScratch() => _scratch.Dispose();

    [TestCase("aarch64", "linux-arm64-py3.11")]
    [TestCase("armv7l", "linux-armv7-py3.11")]
    [TestCase("ppc64le", "linux-ppc64le-py3.11")]
    [TestCase("s390x", "linux-s390x-py3.11")]
    [TestCase("i686", "linux-i686-py3.11")]
    public async Task ACrossBuiltWheelGetsTheTagOfItsArchitectureAndGlibcNeeds(string architecture, string platform)
    {
        var so = await NativeToolchain.SharedObjectAsync(architecture, NativeToolchain.GlibcUser, _scratch["build/_r.so"]);
        var wheel = WheelFiles.Write(_scratch[$"dist/rnd-1.0-cp311-cp311-linux_{architecture}.whl"], [("rnd/_r.so", await File.ReadAllBytesAsync(so))]);

        var repaired = await WheelRepair.RepairAsync(wheel, new WheelRepairSettings { Platform = LocalPackageBuilds.Platform(platform), OutputDirectory = _scratch["out"] });

        Assert.That(repaired.Tag, Is.EqualTo($"manylinux_2_25_{architecture}"), "getrandom needs GLIBC_2.25");
        Assert.That(repaired.Level!.Reason, Does.Contain("GLIBC_2.25"));
        Assert.That(Path.GetFileName(repaired.Path), Is.EqualTo($"rnd-1.0-cp311-cp311-manylinux_2_25_{architecture}.whl"));
    }

    /// <summary>Built against the host's glibc 2.36, not the floor: refused, naming the symbols and where to look, never tagged above 2_31.</summary>
    [Test]
    public async Task AWheelNeedingMoreThanThePlatformsGlibcFloorIsRefusedNamingTheSymbol()
    {
        const string source = """
            #include <pthread.h>
            static void *run(void *argument) { return argument; }
            int spawn(void) { pthread_t t; void *r; if (pthread_create(&t, 0, run, 0)) return -1; return pthread_join(t, &r); }
            """;
        var so = await NativeToolchain.SharedObjectAsync("x86_64", source, _scratch["build/_t.so"]);
        var wheel = WheelFiles.Write(_scratch["dist/t-1.0-cp311-cp311-linux_x86_64.whl"], [("t/_t.so", await File.ReadAllBytesAsync(so))]);

        var error = await Assert.ThrowsAsync<WheelRepairException>(() => WheelRepair.RepairAsync(wheel, new WheelRepairSettings
        {
            Platform = LocalPackageBuilds.Platform("linux-x64-py3.11"), OutputDirectory = _scratch["out"],
        }));

        Assert.That(error!.Message, Does.Contain("t/_t.so requires GLIBC_2.34 from libc.so.6 (pthread_create, pthread_join)")
            .And.Contain("at most manylinux_2_31_x86_64").And.Contain("its glibc floor (bullseye, glibc 2.31)"));
        Assert.That(Directory.Exists(_scratch["out"]) ? Directory.GetFiles(_scratch["out"]) : [], Is.Empty);
    }

    [Test]
    public async Task ASoftFloatArmBinaryIsRefusedForAHardFloatPlatform()
    {
        var so = await File.ReadAllBytesAsync(await NativeToolchain.SharedObjectAsync("armv7l", NativeToolchain.MemcpyUser, _scratch["build/_f.so"]));
        var flags = BitConverter.ToUInt32(so, 36);
        BitConverter.GetBytes((flags & ~0x400u) | 0x200u).CopyTo(so, 36); // EF_ARM_ABI_FLOAT_HARD → EF_ARM_ABI_FLOAT_SOFT
        var wheel = WheelFiles.Write(_scratch["dist/f-1.0-cp311-cp311-linux_armv7l.whl"], [("f/_f.so", so)]);

        var error = await Assert.ThrowsAsync<WheelRepairException>(() => WheelRepair.RepairAsync(wheel, new WheelRepairSettings
        {
            Platform = LocalPackageBuilds.Platform("linux-armv7-py3.11"), OutputDirectory = _scratch["out"],
        }));

        Assert.That(error!.Message, Does.Contain("f/_f.so uses the soft-float ABI").And.Contain("arm-linux-gnueabihf"));
    }

    [Test]
    public async Task APurePythonWheelIsNormalisedAndKeepsItsTag()
    {
        var python = await LocalPackageBuilds.PythonAsync();
        var built = await LocalPackageBuilds.BuildAsync(python, "romanum", _scratch["romanum/checkout"]);

        var repaired = await WheelRepair.RepairAsync(built, new WheelRepairSettings
        {
            Platform = LocalPackageBuilds.Platform("universal"), OutputDirectory = _scratch["out"], SourceDateEpoch = LocalPackageBuilds.Epoch,
        });

        Assert.That(Path.GetFileName(repaired.Path), Is.EqualTo("romanum-1.0.0-py3-none-any.whl"));
        Assert.That(repaired.Tag, Is.EqualTo("any"));
        Assert.That(repaired.MaxGlibc, Is.Null);
        var result = await LocalPackageBuilds.RunWithWheelAsync(python, repaired.Path, LocalPackageBuilds.Spec("romanum").Test!);
        Assert.That(result.ExitCode, Is.Zero, result.StandardError);
    }
}
