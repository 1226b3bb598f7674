using NUnit.Framework;
using DockerBuild.Platforms;
using DockerBuild.Sources;
using DockerBuild.Wheels;

namespace DockerBuild.Tests.Data;

/// <summary>
/// What every file shipped in platforms/ and wheels/ must be, whatever the files are: each loads, and its fields agree
/// with each other and with the Debian suite and architecture it names. Adding or removing a platform or wheel needs no
/// change here; a file whose fields contradict each other fails.
/// </summary>
[TestFixture]
[Category("Data")]
public sealed class ShippedDataTests
{
    private static readonly PlatformCatalog Platforms = PlatformCatalog.Load(RepositoryRoot.Platforms);

    private static IEnumerable<PlatformSpec> DebianPlatforms => Platforms.All.Where(p => p.Base?.Debian is not null);

    [Test]
    public void EveryShippedPlatformLoads()
    {
        var files = Directory.GetFiles(RepositoryRoot.Platforms, "*.yaml").Select(Path.GetFileNameWithoutExtension);

        Assert.That(Platforms.All.Select(p => p.Name), Is.EquivalentTo(files), "one platform per file, named as the file");
        Assert.That(Platforms.All.Where(p => p.Default).Select(p => p.Name), Is.Not.Empty, "a run without --platform has something to build");
        using (Assert.EnterMultipleScope())
        {
            // The README's main job runs on the embedded defaults, with no registry to mirror an upstream image into.
            foreach (var platform in Platforms.All.Where(p => p.Default))
                Assert.That(platform.Base?.Debian, Is.Not.Null, $"{platform.Name} is a default, so it must be bootstrapped from Debian");
            foreach (var platform in Platforms.All.Where(p => p.Kind != PlatformKind.Universal))
            {
                Assert.That(platform.WheelAbi, Is.EqualTo("cp" + platform.Python.Replace(".", "")), platform.Name);
                Assert.That(platform.Name, Does.EndWith("-py" + platform.Python), platform.Name);
                Assert.That(PlatformVocabulary.CipdPlatforms, Does.Contain(platform.CipdPlatform), platform.Name);
            }
            foreach (var platform in Platforms.All.Where(p => p.Kind != PlatformKind.Linux))
                Assert.That(platform.Base, Is.Null, $"{platform.Name} is not built here, so it has no toolchain image");
        }
    }

    [Test]
    public void ShippedDebianPlatformsAreConsistentAcrossPythonVersions()
    {
        Assert.That(DebianPlatforms, Is.Not.Empty);
        using (Assert.EnterMultipleScope())
        {
            foreach (var platform in DebianPlatforms)
            {
                var debian = platform.Base!.Debian!;
                var suite = PlatformVocabulary.Suite(debian.Suite);
                var architecture = PlatformVocabulary.ArchitectureOf(platform.CrossTriple!);
                Assert.That(suite, Is.Not.Null, platform.Name);
                Assert.That(architecture, Is.Not.Null, platform.Name);
                if (suite is null || architecture is null) continue;

                Assert.That(suite.Has(debian.Architecture), $"{platform.Name}: {suite.Name} has no {debian.Architecture}");
                Assert.That(platform.Python, Is.EqualTo(suite.Python), $"{platform.Name}: the build runs {suite.Name}'s own CPython");
                Assert.That(debian.Architecture, Is.EqualTo(architecture.DpkgArchitecture), $"{platform.Name}: dpkg architecture of {platform.CrossTriple}");
                Assert.That(platform.Qemu, Is.EqualTo(architecture.Qemu), $"{platform.Name}: foreign wheels are verified under QEMU, native ones are not");
                Assert.That(debian.TargetPackage("zlib1g-dev"), Is.EqualTo(debian.Architecture is null ? "zlib1g-dev" : $"zlib1g-dev:{debian.Architecture}"), platform.Name);
                if (platform.Env.TryGetValue("_PYTHON_SYSCONFIGDATA_NAME", out var sysconfig))
                    Assert.That(sysconfig, Is.EqualTo($"_sysconfigdata__{architecture.MultiarchTriple}"), platform.Name);
                if (platform.Env.TryGetValue("_PYTHON_HOST_PLATFORM", out var host))
                    Assert.That(platform.WheelPlat[0], Does.EndWith("_" + host["linux-".Length..]), $"{platform.Name}: the wheel's tag names the machine it is built for");
                var floor = platform.GlibcFloor ?? suite;
                Assert.That(platform.WheelPlat[0], Is.EqualTo($"manylinux_2_{floor.GlibcMinor}_{platform.WheelPlat[^1]["linux_".Length..]}"),
                    $"{platform.Name}: the most preferred tag is the manylinux level of the C library it links against");
            }
        }
    }

    /// <summary>Where bullseye has the architecture, the bookworm and trixie platforms link against its C library.</summary>
    [Test]
    public void ShippedBookwormAndTrixiePlatformsHaveTheBullseyeGlibcFloor()
    {
        var newer = Platforms.All.Where(p => p.Base?.Debian?.Suite is "bookworm" or "trixie").ToList();

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
        var wheels = WheelCatalog.Load(RepositoryRoot.Wheels, Platforms);

        Assert.That(wheels.All, Is.Not.Empty);
        Assert.That(wheels.All.Select(w => w.Id), Is.Unique);
        var locals = wheels.All.Where(w => w.Kind == WheelKind.Local).ToList();
        Assert.That(locals, Is.Not.Empty, "the README's first wheel is a local one");
        using (Assert.EnterMultipleScope())
        {
            foreach (var local in locals)
            {
                Assert.That(local.Source!.Kind, Is.EqualTo(SourceKind.Local), local.Id);
                Assert.That(Directory.Exists(local.LocalSourceDirectory), Is.True, local.Id);
                Assert.That(local.Test, Does.Contain("assert"), $"{local.Id}: its verification asserts a computed result");
                var compiled = Directory.EnumerateFiles(local.LocalSourceDirectory!, "*", SearchOption.AllDirectories)
                    .Any(f => Path.GetExtension(f) is ".c" or ".cc" or ".cpp" or ".pyx" or ".rs");
                Assert.That(local.PurePython, Is.EqualTo(!compiled), $"{local.Id}: pure exactly when it has no compiled sources");
            }
        }
    }
}
