using NUnit.Framework;
using DockerBuild.Platforms;
using DockerBuild.Sources;
using DockerBuild.Wheels;

namespace DockerBuild.Tests.Data;

[TestFixture]
[Category("Data")]
public sealed class ShippedDataTests
{
    [Test]
    public void EveryShippedPlatformLoads()
    {
        var catalog = PlatformCatalog.Load(RepositoryRoot.Platforms);

        var expected = new List<string>();
        foreach (var python in new[] { "3.9", "3.11", "3.13", "3.14" })
        foreach (var arch in new[] { "x64", "arm64", "armv7", "ppc64le", "s390x", "i686" })
            expected.Add($"linux-{arch}-py{python}");
        // riscv64 from trixie on (bullseye and bookworm have no libpython for it); forky has no armel, so no armv6 for 3.14.
        expected.AddRange(["linux-riscv64-py3.13", "linux-riscv64-py3.14"]);
        expected.AddRange(["linux-armv6-py3.11", "manylinux2014-x64-py3.11", "mac-x64-py3.11", "mac-arm64-py3.11",
            "windows-x64-py3.11", "windows-x86-py3.11", "universal"]);
        Assert.That(catalog.All.Select(p => p.Name), Is.EquivalentTo(expected));
    }

    [Test]
    public void ShippedDebianPlatformsAreConsistentAcrossPythonVersions()
    {
        var catalog = PlatformCatalog.Load(RepositoryRoot.Platforms);

        var arm64 = catalog.Find("linux-arm64-py3.9")!;
        Assert.That(arm64.Base!.Debian!.Suite, Is.EqualTo("bullseye"));
        Assert.That(arm64.WheelPlat[0], Is.EqualTo("manylinux_2_31_aarch64"));
        Assert.That(arm64.Base.Debian.TargetPackage("zlib1g-dev"), Is.EqualTo("zlib1g-dev:arm64"));
        Assert.That(catalog.Find("linux-i686-py3.13")!.Env["_PYTHON_SYSCONFIGDATA_NAME"], Is.EqualTo("_sysconfigdata__i386-linux-gnu"));
        Assert.That(catalog.Find("linux-x64-py3.11")!.Qemu, Is.Null);
        Assert.That(catalog.Find("linux-armv6-py3.11")!.Base!.Image!.ToString(), Is.EqualTo("dockcross/linux-armv6-lts:20230222-162287d"));
        Assert.That(catalog.Find("windows-x86-py3.11")!.Kind, Is.EqualTo(PlatformKind.PrebuiltOnly));
    }

    /// <summary>Where bullseye has the architecture, the bookworm and trixie platforms link against its C library.</summary>
    [Test]
    public void ShippedBookwormAndTrixiePlatformsHaveTheBullseyeGlibcFloor()
    {
        var catalog = PlatformCatalog.Load(RepositoryRoot.Platforms);
        var newer = catalog.All.Where(p => p.Base?.Debian?.Suite is "bookworm" or "trixie").ToList();

        Assert.That(newer, Is.Not.Empty);
        foreach (var platform in newer)
        {
            var bullseye = PlatformVocabulary.DebianSuites.Single(s => s.Name == "bullseye");
            if (!bullseye.Has(platform.Base!.Debian!.Architecture)) continue;
            Assert.That(platform.GlibcFloor?.Name, Is.EqualTo("bullseye"), platform.Name);
            Assert.That(platform.WheelPlat[0], Does.StartWith("manylinux_2_31_"), platform.Name);
        }
    }

    [Test]
    public void EveryShippedWheelLoadsWithItsLocalSourcesAndTests()
    {
        var wheels = WheelCatalog.Load(RepositoryRoot.Wheels, PlatformCatalog.Load(RepositoryRoot.Platforms));

        Assert.That(wheels.All.Select(w => w.Id),
            Is.EquivalentTo(new[] { "fastsum==1.0.0", "zcodec==1.0.0", "romanum==1.0.0", "six==1.16.0", "numpy==1.26.4" }));
        var locals = wheels.All.Where(w => w.Kind == WheelKind.Local).ToList();
        Assert.That(locals, Has.Count.EqualTo(3));
        foreach (var local in locals)
        {
            Assert.That(local.Source!.Kind, Is.EqualTo(SourceKind.Local));
            Assert.That(Directory.Exists(local.LocalSourceDirectory), Is.True, local.Id);
            Assert.That(local.Test, Does.Contain("assert"), local.Id);
        }
        Assert.That(wheels.All.Single(w => w.Name == "zcodec").TargetLibraries, Is.EqualTo(new[] { "zlib1g-dev" }));
        Assert.That(wheels.All.Single(w => w.Name == "romanum").PurePython, Is.True);
        Assert.That(wheels.All.Single(w => w.Name == "fastsum").PurePython, Is.False);
    }
}
