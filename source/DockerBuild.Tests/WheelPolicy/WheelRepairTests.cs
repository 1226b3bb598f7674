using System.Security.Cryptography;
using NUnit.Framework;
using DockerBuild.Tests.Cipd;
using DockerBuild.Tools.Elf;
using DockerBuild.Wheels.Repair;

namespace DockerBuild.Tests.WheelPolicy;

/// <summary>
/// Repairing real wheels: the tag follows the GLIBC versions readelf sees, libraries outside the policy are grafted
/// with hashed names and rewired (checked with the reader and with readelf), and the repaired wheel still imports.
/// </summary>
[TestFixture]
[Category("WheelPolicy")]
public sealed class WheelRepairTests
{
    private static readonly string[] HostLibraries = ["/usr/lib/x86_64-linux-gnu", "/lib/x86_64-linux-gnu"];
    private TemporaryDirectory _scratch = null!;
    private string _python = null!;

    [OneTimeSetUp]
    public async Task Prepare()
    {
        _scratch = new TemporaryDirectory();
        _python = await LocalPackageBuilds.PythonAsync();
    }

    [OneTimeTearDown] public void Remove() => _scratch.Dispose();

    [Test]
    public async Task AWheelIsTaggedWithTheLowestLevelItsGlibcVersionsAllow()
    {
        var built = await LocalPackageBuilds.BuildAsync(_python, "fastsum", _scratch["fastsum/src"]);
        var extension = LocalPackageBuilds.EntryNames(built).Single(e => e.EndsWith(".so", StringComparison.Ordinal));
        var oracle = await NativeToolchain.VersionNeedsAsync(LocalPackageBuilds.Extract(built, extension, _scratch["fastsum/inspect"]));
        var glibc = oracle.Where(v => v.Version.StartsWith("GLIBC_2.", StringComparison.Ordinal)).Max(v => Version.Parse(v.Version[6..]))!;
        var level = Math.Max(5, glibc.Minor);

        var repaired = await WheelRepair.RepairAsync(built, new WheelRepairSettings
        {
            Platform = LocalPackageBuilds.Platform("linux-x64-py3.11"), OutputDirectory = _scratch["fastsum/out"], SourceDateEpoch = LocalPackageBuilds.Epoch,
        });

        var expected = level switch { 5 => $"manylinux_2_5_x86_64.manylinux1_x86_64", 12 => "manylinux_2_12_x86_64.manylinux2010_x86_64", 17 => "manylinux_2_17_x86_64.manylinux2014_x86_64", _ => $"manylinux_2_{level}_x86_64" };
        Assert.That(repaired.Tag, Is.EqualTo(expected));
        Assert.That(Path.GetFileName(repaired.Path), Does.EndWith($"-{expected}.whl"));
        Assert.That(repaired.MaxGlibc, Is.EqualTo(glibc));
        Assert.That(repaired.Grafted, Is.Empty);
        Assert.That(repaired.NeededLibraries, Does.Contain("libc.so.6"));
        var result = await LocalPackageBuilds.RunWithWheelAsync(_python, repaired.Path, LocalPackageBuilds.Spec("fastsum").Test!);
        Assert.That(result.ExitCode, Is.Zero, result.StandardError);
    }

    [Test]
    public async Task ALibraryOutsideThePolicyIsGraftedRewiredAndStillLoads()
    {
        var built = await LocalPackageBuilds.BuildAsync(_python, "zcodec", _scratch["zcodec/src"]);

        var repaired = await WheelRepair.RepairAsync(built, new WheelRepairSettings
        {
            Platform = LocalPackageBuilds.Platform("linux-x64-py3.11"), OutputDirectory = _scratch["zcodec/out"], SourceDateEpoch = LocalPackageBuilds.Epoch,
            SysrootLibraryDirectories = HostLibraries, AlwaysGraft = new HashSet<string> { "libz.so.1" }, LogFile = _scratch["zcodec/repair.log"],
        });

        var graft = repaired.Grafted.Single();
        var hash = Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(graft.SourcePath)))[..8];
        Assert.That(graft.GraftedName, Is.EqualTo($"libz-{hash}.so.1"));
        var entries = LocalPackageBuilds.EntryNames(repaired.Path);
        Assert.That(entries, Does.Contain($"zcodec.libs/{graft.GraftedName}"));

        var extensionEntry = entries.Single(e => e.StartsWith("zcodec.cpython", StringComparison.Ordinal));
        var extension = LocalPackageBuilds.Extract(repaired.Path, extensionEntry, _scratch["zcodec/inspect"]);
        var elf = ElfReader.Read(extension);
        Assert.That(elf.Needed, Does.Contain(graft.GraftedName).And.Not.Contain("libz.so.1"));
        Assert.That(elf.RPath, Is.EqualTo(new[] { "$ORIGIN/zcodec.libs" }));
        Assert.That(await NativeToolchain.DynamicAsync(extension, "NEEDED"), Is.EqualTo(elf.Needed));
        Assert.That(await NativeToolchain.DynamicAsync(extension, "RPATH"), Is.EqualTo(new[] { "$ORIGIN/zcodec.libs" }));
        var copy = LocalPackageBuilds.Extract(repaired.Path, $"zcodec.libs/{graft.GraftedName}", _scratch["zcodec/inspect"]);
        Assert.That(ElfReader.Read(copy).SoName, Is.EqualTo(graft.GraftedName));
        Assert.That(await File.ReadAllTextAsync(_scratch["zcodec/repair.log"]), Does.Contain("graft libz.so.1"));

        var check = LocalPackageBuilds.Spec("zcodec").Test! + "\nassert 'zcodec.libs/libz-' in open('/proc/self/maps').read(), 'the grafted libz was not the one loaded'\n";
        var result = await LocalPackageBuilds.RunWithWheelAsync(_python, repaired.Path, check);
        Assert.That(result.ExitCode, Is.Zero, result.StandardError);
    }

    [Test]
    public async Task AnAllowedLibraryStaysExternal()
    {
        var built = await LocalPackageBuilds.BuildAsync(_python, "zcodec", _scratch["zlink/src"]);

        var repaired = await WheelRepair.RepairAsync(built, new WheelRepairSettings
        {
            Platform = LocalPackageBuilds.Platform("linux-x64-py3.11"), OutputDirectory = _scratch["zlink/out"], SysrootLibraryDirectories = HostLibraries,
        });

        Assert.That(repaired.Grafted, Is.Empty);
        Assert.That(repaired.NeededLibraries, Does.Contain("libz.so.1"));
        Assert.That(LocalPackageBuilds.EntryNames(repaired.Path), Has.None.StartsWith("zcodec.libs/"));
    }

    [Test]
    public async Task AWheelNeedingANewerGlibcThanThePlatformAllowsIsRefused()
    {
        var so = await NativeToolchain.SharedObjectAsync("x86_64", NativeToolchain.GlibcUser, _scratch["new/_random.so"]);
        var wheel = WheelFiles.Write(_scratch["new/dist/rnd-1.0-cp311-cp311-linux_x86_64.whl"], [("rnd/_random.so", await File.ReadAllBytesAsync(so))]);

        var error = await Assert.ThrowsAsync<WheelRepairException>(() => WheelRepair.RepairAsync(wheel, new WheelRepairSettings
        {
            Platform = LocalPackageBuilds.Platform("manylinux2014-x64-py3.11"), OutputDirectory = _scratch["new/out"],
        }));

        Assert.That(error!.Message, Does.Contain("rnd/_random.so").And.Contain("GLIBC_2.25").And.Contain("manylinux_2_17_x86_64"));
    }

    [Test]
    public async Task ALibraryMissingFromTheSysrootFailsNamingIt()
    {
        var built = await LocalPackageBuilds.BuildAsync(_python, "zcodec", _scratch["nolib/src"]);

        var error = await Assert.ThrowsAsync<WheelRepairException>(() => WheelRepair.RepairAsync(built, new WheelRepairSettings
        {
            Platform = LocalPackageBuilds.Platform("linux-x64-py3.11"), OutputDirectory = _scratch["nolib/out"],
            SysrootLibraryDirectories = [_scratch.Path], AlwaysGraft = new HashSet<string> { "libz.so.1" },
        }));

        Assert.That(error!.Message, Does.Contain("libz.so.1").And.Contain("not found in " + _scratch.Path));
    }

    [Test]
    public async Task ABinaryForAnotherArchitectureIsRefused()
    {
        var so = await NativeToolchain.SharedObjectAsync("aarch64", NativeToolchain.MemcpyUser, _scratch["arch/_x.so"]);
        var wheel = WheelFiles.Write(_scratch["arch/dist/x-1.0-cp311-cp311-linux_x86_64.whl"], [("x/_x.so", await File.ReadAllBytesAsync(so))]);

        var error = await Assert.ThrowsAsync<WheelRepairException>(() => WheelRepair.RepairAsync(wheel, new WheelRepairSettings
        {
            Platform = LocalPackageBuilds.Platform("linux-x64-py3.11"), OutputDirectory = _scratch["arch/out"],
        }));

        Assert.That(error!.Message, Does.Contain("x/_x.so is aarch64").And.Contain("x86_64 wheels"));
    }

    [Test]
    public async Task TheCxxRuntimeVersionsRaiseTheLevel()
    {
        var so = await NativeToolchain.HostCxxSharedObjectAsync("""
            #include <string>
            std::string greet(const std::string& who) { return "hello " + who; }
            extern "C" unsigned long greet_len(const char* who) { return greet(who).size(); }
            """, _scratch["cxx/_greet.so"]);
        var oracle = await NativeToolchain.VersionNeedsAsync(so);
        Assert.That(oracle, Does.Contain(("libstdc++.so.6", "GLIBCXX_3.4.21")), "the C++11 std::string ABI needs GLIBCXX_3.4.21");
        Assert.That(oracle.Where(v => v.Library == "libc.so.6").Select(v => Version.Parse(v.Version[6..]).Minor), Has.All.LessThan(24));
        var wheel = WheelFiles.Write(_scratch["cxx/dist/greet-1.0-cp311-cp311-linux_x86_64.whl"], [("greet/_greet.so", await File.ReadAllBytesAsync(so))]);

        var repaired = await WheelRepair.RepairAsync(wheel, new WheelRepairSettings { Platform = LocalPackageBuilds.Platform("linux-x64-py3.11"), OutputDirectory = _scratch["cxx/out"] });

        Assert.That(repaired.Tag, Is.EqualTo("manylinux_2_24_x86_64"), "GLIBCXX_3.4.21 first shipped with the manylinux_2_24 distributions");
        Assert.That(repaired.Level!.Reason, Is.EqualTo("requires GLIBCXX_3.4.21 from libstdc++.so.6"));
        Assert.That(repaired.Grafted, Is.Empty, "libstdc++.so.6 is allowed");
    }

    [Test]
    public async Task PrivateGlibcSymbolsAreRefused()
    {
        var so = await NativeToolchain.SharedObjectAsync("x86_64", """
            #include <stddef.h>
            extern int __libc_alloca_cutoff(size_t);
            int uses_private(void) { return __libc_alloca_cutoff(10); }
            """, _scratch["private/_p.so"]);
        var wheel = WheelFiles.Write(_scratch["private/dist/p-1.0-cp311-cp311-linux_x86_64.whl"], [("p/_p.so", await File.ReadAllBytesAsync(so))]);

        var error = await Assert.ThrowsAsync<WheelRepairException>(() => WheelRepair.RepairAsync(wheel, new WheelRepairSettings
        {
            Platform = LocalPackageBuilds.Platform("linux-x64-py3.11"), OutputDirectory = _scratch["private/out"],
        }));

        Assert.That(error!.Message, Does.Contain("p/_p.so requires GLIBC_PRIVATE from libc.so.6"));
    }
}
