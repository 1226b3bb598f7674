using DockerBuild.Images;
using DockerBuild.Images.Bases;
using DockerBuild.Platforms;
using DockerBuild.Tests.Data;
using DockerBuild.Tools.Cipd;
using DockerBuild.Wheels;
using NUnit.Framework;

namespace DockerBuild.Tests.Images;

/// <summary>The content key and recipe, without an engine.</summary>
[TestFixture]
[Category("Images")]
public sealed class ImagePlanTests
{
    private string _directory = null!;
    private ImageSettings _settings = null!;

    [SetUp]
    public void CreateDirectory()
    {
        _directory = Path.Combine(Path.GetTempPath(), $"plan-{Guid.NewGuid():N}");
        Directory.CreateDirectory(_directory);
        _settings = new ImageSettings { StateDirectory = Path.Combine(_directory, "state") };
    }

    [TearDown]
    public void RemoveDirectory() => Directory.Delete(_directory, recursive: true);

    private PlatformSpec Arm64(string fileText = "name: linux-arm64-py3.11\n", string? snapshot = null, Dictionary<string, string>? env = null)
    {
        var file = Path.Combine(_directory, $"{Guid.NewGuid():N}.yaml");
        File.WriteAllText(file, fileText);
        return new PlatformSpec
        {
            Name = "linux-arm64-py3.11", Kind = PlatformKind.Linux, Python = "3.11", CrossTriple = "aarch64-linux-gnu", WheelAbi = "cp311",
            WheelPlat = ["manylinux_2_36_aarch64"], CipdPlatform = "linux-arm64", SourceFile = file, Env = env ?? new Dictionary<string, string>(),
            Base = new BaseSpec { Debian = new DebianBase { Suite = "bookworm", Architecture = "arm64", Snapshot = snapshot } },
        };
    }

    [Test]
    public void TheSameInputsGiveTheSameKeyAndTagFormat()
    {
        var first = ImagePlan.For(Arm64(), _settings);
        var second = ImagePlan.For(Arm64(), _settings);
        Assert.That(second.Key, Is.EqualTo(first.Key));
        Assert.That(first.Key, Does.Match("^[0-9a-f]{64}$"));
        Assert.That(first.Reference.ToString(), Is.EqualTo($"dockerbuild/linux-arm64-py3.11:{first.Key}"));
        Assert.That(ImagePlan.For(Arm64(), _settings with { Registry = "127.0.0.1:5000" }).Reference.ToString(),
            Is.EqualTo($"127.0.0.1:5000/dockerbuild/linux-arm64-py3.11:{first.Key}"));
    }

    [Test]
    public void EveryInputChangesTheKey()
    {
        var key = ImagePlan.For(Arm64(), _settings).Key;
        Assert.That(ImagePlan.For(Arm64("name: linux-arm64-py3.11\n# edited\n"), _settings).Key, Is.Not.EqualTo(key), "platform file bytes");
        Assert.That(ImagePlan.For(Arm64(snapshot: "20250520T000000Z"), _settings).Key, Is.Not.EqualTo(key), "snapshot");
        Assert.That(ImagePlan.For(Arm64(env: new() { ["CFLAGS"] = "-O3" }), _settings).Key, Is.Not.EqualTo(key), "environment in the recipe");
        var withSource = _settings with { RecipeSources = [new CipdPin("infra/third_party/source/x", "AAAA")] };
        var withOtherSource = _settings with { RecipeSources = [new CipdPin("infra/third_party/source/x", "BBBB")] };
        Assert.That(ImagePlan.For(Arm64(), withSource).Key, Is.Not.EqualTo(key), "recipe source");
        Assert.That(ImagePlan.For(Arm64(), withSource).Key, Is.Not.EqualTo(ImagePlan.For(Arm64(), withOtherSource).Key), "source instance ID");
    }

    [Test]
    public void NeitherTheRegistryNorTheMirrorChangesTheKey()
    {
        var key = ImagePlan.For(Arm64(), _settings).Key;
        Assert.That(ImagePlan.For(Arm64(), _settings with { Registry = "r:5000", DebianMirror = "http://elsewhere/debian" }).Key, Is.EqualTo(key));
    }

    [Test]
    public void AWheelsLayerHoldsItsTargetLibrariesForTheTargetAndItsBuildPackagesForTheHost()
    {
        var platform = ImagePlan.For(Arm64(), _settings);
        var layer = WheelLayerPlan.For(platform, Wheel("a", ["zlib1g-dev", "libffi-dev"]) with { BuildPackages = ["cython3"] }, null)!;
        Assert.That(layer.Packages, Is.EquivalentTo(new[] { "zlib1g-dev:arm64", "libffi-dev:arm64", "cython3" }));
        Assert.That(layer.Dockerfile, Does.StartWith("# ").And.Contain($"FROM {platform.Reference}\n"));
        Assert.That(layer.Reference.ToString(), Is.EqualTo($"dockerbuild/linux-arm64-py3.11:{layer.Key}"));
        Assert.That(platform.Files["Dockerfile"], Does.Not.Contain("zlib1g-dev").And.Contain("libpython3.11-dev:arm64"),
            "a wheel's libraries are not in the platform image");
        Assert.That(platform.Files["Dockerfile"], Does.Contain("crossbuild-essential-arm64").And.Contain("dpkg --add-architecture arm64"));
    }

    [Test]
    public void PlatformsOfOneSuiteAndPythonStartFromOneToolsLayerThatHoldsNothingOfATarget()
    {
        var arm64 = ImagePlan.For(Arm64(), _settings);
        var armhf = ImagePlan.For(Arm64() with { Name = "linux-armv7-py3.11", CrossTriple = "arm-linux-gnueabihf",
            Base = new BaseSpec { Debian = new DebianBase { Suite = "bookworm", Architecture = "armhf" } } }, _settings);
        Assert.That(armhf.Tools.Reference, Is.EqualTo(arm64.Tools.Reference), "one tools image for the suite's platforms");
        Assert.That(armhf.Key, Is.Not.EqualTo(arm64.Key));
        Assert.That(arm64.Files["Dockerfile"], Does.Contain($"FROM {arm64.Tools.Reference}\n").And.Not.Contain("python3-pip"),
            "the platform adds only its cross toolchain");
        Assert.That(arm64.Tools.Dockerfile, Does.Contain($"FROM {arm64.Base.Reference}\n").And.Contain("build-essential").And.Contain("python3.11-dev")
            .And.Not.Contain("arm64").And.Not.Contain("--add-architecture"));
        var trixie = ImagePlan.For(Arm64() with { Python = "3.13", Base = new BaseSpec { Debian = new DebianBase { Suite = "trixie", Architecture = "arm64" } } }, _settings);
        Assert.That(trixie.Tools.Reference, Is.Not.EqualTo(arm64.Tools.Reference), "another suite and Python has its own");
        Assert.That(trixie.Tools.Dockerfile, Does.Contain("python3.13-dev"));
    }

    [Test]
    public void WheelsWithTheSameSetShareALayerAndOnlyAChangedSetGetsANewOne()
    {
        var platform = ImagePlan.For(Arm64(), _settings);
        var key = WheelLayerPlan.For(platform, Wheel("a", ["zlib1g-dev", "libffi-dev"]), null)!.Key;
        Assert.That(WheelLayerPlan.For(platform, Wheel("b", ["libffi-dev", "zlib1g-dev"]), null)!.Key, Is.EqualTo(key), "same set, other wheel and order");
        Assert.That(WheelLayerPlan.For(platform, Wheel("a", ["zlib1g-dev", "libffi-dev", "libyaml-dev"]), null)!.Key, Is.Not.EqualTo(key), "one more library");
        Assert.That(WheelLayerPlan.For(platform, Wheel("a", ["zlib1g-dev"]) with { BuildPackages = ["libffi-dev"] }, null)!.Key, Is.Not.EqualTo(key),
            "a host package is not the target's library of the same name");
        Assert.That(WheelLayerPlan.For(ImagePlan.For(Arm64("name: linux-arm64-py3.11\n# edited\n"), _settings), Wheel("a", ["zlib1g-dev", "libffi-dev"]), null)!.Key,
            Is.Not.EqualTo(key), "the platform image under it");
        Assert.That(WheelLayerPlan.For(platform, Wheel("a", ["zlib1g-dev", "libffi-dev"]), "r:5000")!.Key, Is.EqualTo(key), "the registry is not an input");
        Assert.That(WheelLayerPlan.For(platform, Wheel("c", []), null), Is.Null, "no packages: the platform image itself");
    }

    [Test]
    public void APinnedSnapshotWithoutASnapshotMirrorFailsNamingTheParameter()
    {
        var platform = Arm64(snapshot: "20250520T000000Z");
        var error = Assert.Throws<InvalidOperationException>(() => DebianBaseImage.MirrorFor(platform.Base!.Debian!, _settings));
        Assert.That(error!.Message, Does.Contain("20250520T000000Z").And.Contain("--debian-snapshot-mirror"));
        Assert.That(DebianBaseImage.MirrorFor(platform.Base!.Debian!, _settings with { DebianSnapshotMirror = "http://snap.example/archive/debian/" }),
            Is.EqualTo("http://snap.example/archive/debian/20250520T000000Z"));
    }

    [Test]
    public void AptOnTheTestingSuiteAcceptsAnExpiredReleaseAndAStableSuitesAptDoesNot()
    {
        // A testing suite's Release expires a week after it is written; a mirror that syncs less often must not stop the build.
        var catalog = PlatformCatalog.Load(RepositoryRoot.Platforms);
        var forky = ImagePlan.For(catalog.Find("linux-riscv64-py3.14")!, _settings);
        Assert.That(forky.Tools.Dockerfile, Does.Contain("apt-get -o Acquire::Check-Valid-Until=false install"));
        Assert.That(forky.Files["Dockerfile"], Does.Contain("apt-get -o Acquire::Check-Valid-Until=false install"));
        Assert.That(forky.Files["Dockerfile"], Does.Contain("crossbuild-essential-riscv64").And.Contain("libpython3.14-dev:riscv64"));
        var trixie = ImagePlan.For(catalog.Find("linux-riscv64-py3.13")!, _settings);
        Assert.That(trixie.Files["Dockerfile"], Does.Not.Contain("Check-Valid-Until"));
        Assert.That(trixie.Files["meson-cross.ini"], Does.Contain("cpu_family = 'riscv64'"));
        Assert.That(trixie.Files["toolchain.cmake"], Does.Contain("riscv64"));
    }

    [Test]
    public async Task AMirroredBaseNeedsMirrorsRecord()
    {
        var platform = Arm64() with { Base = new BaseSpec { Image = new UpstreamImage("dockcross/linux-arm64-lts", "20250520", null) } };
        var error = Assert.Throws<InvalidOperationException>(() => ImagePlan.For(platform, _settings));
        Assert.That(error!.Message, Does.Contain("Mirror --platform linux-arm64-py3.11"));

        await new DockerBuild.Mirror.MirrorRecordStore(_settings.StateDirectory).WriteAsync(new DockerBuild.Mirror.MirrorRecord
        {
            Platform = "linux-arm64-py3.11", Upstream = "docker.io/dockcross/linux-arm64-lts:20250520", UpstreamDigest = "sha256:" + new string('1', 64),
            Image = "127.0.0.1:5000/dockcross/linux-arm64-lts:20250520", ImageId = "sha256:" + new string('2', 64),
            MirrorDigest = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        });
        var plan = ImagePlan.For(platform, _settings);
        Assert.That(plan.Tools.Dockerfile, Does.Contain("FROM 127.0.0.1:5000/dockcross/linux-arm64-lts@sha256:0123"));
        Assert.That(plan.Files["Dockerfile"], Does.Contain($"FROM {plan.Tools.Reference}\n"));
        Assert.That(plan.Bootstrap, Is.Null);
    }

    [Test]
    public void TheImageEnvironmentDescribesTheCrossTarget()
    {
        var dockerfile = ImagePlan.For(Arm64(), _settings).Files["Dockerfile"];
        foreach (var expected in new[]
                 {
                     "CROSS_TRIPLE=\"aarch64-linux-gnu\"", "CC=\"aarch64-linux-gnu-gcc\"", "STRIP=\"aarch64-linux-gnu-strip\"",
                     "CMAKE_TOOLCHAIN_FILE=\"/usr/lib/dockerbuild/toolchain.cmake\"", "PKG_CONFIG_LIBDIR=\"/usr/lib/aarch64-linux-gnu/pkgconfig:/usr/share/pkgconfig\"",
                     "QEMU_LD_PREFIX=\"/usr/aarch64-linux-gnu\"", "_PYTHON_HOST_PLATFORM=\"linux-aarch64\"",
                     "_PYTHON_SYSCONFIGDATA_NAME=\"_sysconfigdata__aarch64-linux-gnu\"", "WORKDIR /work",
                 })
            Assert.That(dockerfile, Does.Contain(expected));
    }

    [Test]
    public void AForeignImageCarriesAMesonCrossFileAndATargetPythonConfigForCMake()
    {
        var plan = ImagePlan.For(Arm64(), _settings);
        Assert.That(plan.Files["meson-cross.ini"], Does.Contain("c = 'aarch64-linux-gnu-gcc'").And.Contain("cpu_family = 'aarch64'")
            .And.Contain("endian = 'little'").And.Contain("pkg_config_libdir = ['/usr/lib/aarch64-linux-gnu/pkgconfig'"));
        Assert.That(plan.Files["Dockerfile"], Does.Contain($"COPY meson-cross.ini {DockerBuild.Images.Recipe.MesonCrossFile.Path}")
            .And.Contain($"DOCKERBUILD_MESON_CROSS_FILE=\"{DockerBuild.Images.Recipe.MesonCrossFile.Path}\""));
        Assert.That(plan.Files["toolchain.cmake"], Does.Contain("set(_Python_CONFIG /usr/bin/aarch64-linux-gnu-python3.11-config CACHE INTERNAL \"\")"));
        Assert.That(plan.Files["Dockerfile"], Does.Contain("CARGO_BUILD_TARGET=\"aarch64-unknown-linux-gnu\"")
            .And.Contain("CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER=\"aarch64-linux-gnu-gcc\"").And.Contain("COPY cargo-config.toml /.cargo/config.toml"));
        Assert.That(plan.Files["cargo-config.toml"], Does.Contain("directory = \"/usr/share/cargo/registry\"").And.Contain("offline = true"));
    }

    [Test]
    public void AForeignImageNamesItsEmulatorWrapperToCMakeAndMesonAndANativeOneNone()
    {
        var plan = ImagePlan.For(Arm64(), _settings);
        var wrapper = DockerBuild.Images.Recipe.TargetEmulatorScript.Path;
        Assert.That(plan.Files["toolchain.cmake"], Does.Contain($"set(CMAKE_CROSSCOMPILING_EMULATOR {wrapper})"));
        Assert.That(plan.Files["meson-cross.ini"], Does.Contain($"exe_wrapper = '{wrapper}'"));
        Assert.That(plan.Files["Dockerfile"], Does.Contain($"COPY run-target {wrapper}"));
        Assert.That(plan.Files["run-target"], Does.StartWith("#!/usr/bin/python3").And.Contain("\"QEMU_LD_PREFIX\", \"/usr/aarch64-linux-gnu\""));
        Assert.That(DockerBuild.Images.Recipe.ToolchainRecipe.Executables, Does.Contain("run-target"));

        var native = ImagePlan.For(Arm64() with { Name = "linux-x64-py3.11", CrossTriple = "x86_64-linux-gnu",
            Base = new BaseSpec { Debian = new DebianBase { Suite = "bookworm", Architecture = "amd64" } } }, _settings);
        Assert.That(native.Files.Keys, Does.Not.Contain("run-target"));
        Assert.That(native.Files["toolchain.cmake"], Does.Not.Contain("CMAKE_CROSSCOMPILING_EMULATOR"));
    }

    [Test]
    public void ALayerThatBringsTheRustCompilerAlsoGetsTheTargetsRustStandardLibrary()
    {
        var layer = WheelLayerPlan.For(ImagePlan.For(Arm64(), _settings), Wheel("r", []) with { BuildPackages = ["cargo", "rustc"] }, null)!;
        Assert.That(layer.Packages, Does.Contain("libstd-rust-dev:arm64"));
        Assert.That(WheelLayerPlan.For(ImagePlan.For(Arm64(), _settings), Wheel("c", []) with { BuildPackages = ["cython3"] }, null)!.Packages,
            Does.Not.Contain("libstd-rust-dev:arm64"));
    }

    [Test]
    public void ABadPackageNameIsRejectedNamingIt()
    {
        var error = Assert.Throws<ArgumentException>(() => WheelLayerPlan.For(ImagePlan.For(Arm64(), _settings), Wheel("a", ["zlib; rm -rf /"]), null));
        Assert.That(error!.Message, Does.Contain("zlib; rm -rf /"));
    }

    /// <summary>The same platform file with and without a glibc floor (the file's bytes are kept equal so only the floor differs).</summary>
    [Test]
    public void AGlibcFloorIsItsOwnImageWithTheSysrootCompilersFirstAndItsPackagesInTheManifest()
    {
        var bullseye = PlatformVocabulary.DebianSuites.Single(s => s.Name == "bullseye");
        var plain = ImagePlan.For(Arm64(), _settings);
        var floored = ImagePlan.For(Arm64() with { GlibcFloor = bullseye }, _settings);

        Assert.That(floored.Key, Is.Not.EqualTo(plain.Key));
        Assert.That(plain.Files.Keys, Has.None.EqualTo("glibc-floor-setup"));
        Assert.That(plain.Files["Dockerfile"], Does.Not.Contain("glibc-floor"));
        var dockerfile = floored.Files["Dockerfile"];
        Assert.That(dockerfile, Does.Contain("RUN /usr/lib/dockerbuild/glibc-floor-setup"));
        Assert.That(dockerfile, Does.Contain("PATH=\"/usr/lib/dockerbuild/glibc-floor/bin:"), "the wrappers come first for every caller");
        Assert.That(dockerfile, Does.Contain("cat /usr/lib/dockerbuild/glibc-floor/packages; } | LC_ALL=C sort > /etc/dockerbuild/manifest"));
        var setup = floored.Files["glibc-floor-setup"];
        Assert.That(setup, Does.Contain("floor=bullseye suite=bookworm arch=arm64"));
        Assert.That(setup, Does.Contain("download libc6:$arch libc6-dev:$arch libgcc-s1:$arch libstdc++6:$arch linux-libc-dev:$arch"));
        Assert.That(setup, Does.Not.Contain("Check-Valid-Until"), "no snapshot, so the index must be current");
        Assert.That(ImagePlan.For(Arm64(snapshot: "20250520T000000Z") with { GlibcFloor = bullseye }, _settings).Files["glibc-floor-setup"],
            Does.Contain("Check-Valid-Until=false"), "a snapshot pins the floor's index as well as the suite's");
        var layer = WheelLayerPlan.For(floored, Wheel("a", ["zlib1g-dev"]), null)!;
        Assert.That(layer.Dockerfile, Does.Contain("cat /usr/lib/dockerbuild/glibc-floor/packages"), "a wheel's layer keeps the floor in its manifest");
    }

    private static WheelSpec Wheel(string name, string[] libraries, string[]? skip = null) => new()
    {
        Name = name, Version = "1.0", Kind = WheelKind.SourceOrPrebuilt, TargetLibraries = libraries, SkipPlatforms = skip ?? [],
    };
}
