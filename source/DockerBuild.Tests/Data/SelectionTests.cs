using NUnit.Framework;
using DockerBuild.Platforms;
using DockerBuild.Specs;
using DockerBuild.Wheels;

namespace DockerBuild.Tests.Data;

[TestFixture]
[Category("Data")]
public sealed class SelectionTests
{
    private PlatformCatalog _platforms = null!;
    private WheelCatalog _wheels = null!;

    [OneTimeSetUp]
    public void LoadShippedData()
    {
        _platforms = PlatformCatalog.Load(RepositoryRoot.Platforms);
        _wheels = WheelCatalog.Load(RepositoryRoot.Wheels, _platforms);
    }

    [Test]
    public void NoPatternSelectsTheDefaultPlatforms() =>
        Assert.That(Names(_platforms.Select([])), Is.EqualTo(new[] { "linux-arm64-py3.11", "linux-armv7-py3.11", "linux-x64-py3.11" }));

    [Test]
    public void AnExactNameIsMatchedCaseInsensitively() =>
        Assert.That(Names(_platforms.Select(["LINUX-S390X-PY3.13"])), Is.EqualTo(new[] { "linux-s390x-py3.13" }));

    [Test]
    public void AnArchPrefixSelectsEveryPythonVersionOnce() =>
        Assert.That(Names(_platforms.Select(["linux-arm64", "linux-arm64-py3.11", "universal"])),
            Is.EqualTo(new[] { "linux-arm64-py3.11", "linux-arm64-py3.13", "linux-arm64-py3.14", "linux-arm64-py3.9", "universal" }));

    [Test]
    public void TheRiscv64PrefixSelectsItsPythonsAndNoOtherArchitecture() =>
        Assert.That(Names(_platforms.Select(["linux-riscv64"])), Is.EqualTo(new[] { "linux-riscv64-py3.13", "linux-riscv64-py3.14" }));

    [Test]
    public void CommaSeparatedPatternsAreSplit() =>
        Assert.That(Names(_platforms.Select(["mac-x64-py3.11,windows-x86"])), Is.EqualTo(new[] { "mac-x64-py3.11", "windows-x86-py3.11" }));

    [Test]
    public void AnUnknownPlatformListsTheKnownNamesAndPrefixes()
    {
        var error = Assert.Throws<SelectionException>(() => _platforms.Select(["linux-x64-py3.11", "linux-arm"]))!;

        Assert.That(error.Message, Does.StartWith("unknown platform 'linux-arm' (did you mean 'linux-arm64'?)."));
        Assert.That(error.Message, Does.Contain("Known platforms: linux-arm64-py3.11, linux-arm64-py3.13,"));
        Assert.That(error.Message, Does.Contain("Arch prefixes (select every Python version): linux-arm64, linux-armv6, linux-armv7,"));
    }

    [Test]
    public void WheelsAreSelectedByNameOrNameAndVersion()
    {
        Assert.That(_wheels.Select([]), Has.Count.EqualTo(_wheels.All.Count));
        Assert.That(_wheels.Select(["ZCodec"]).Select(w => w.Id), Is.EqualTo(new[] { "zcodec==1.0.0" }));
        Assert.That(_wheels.Select(["fastsum==1.0.0", "romanum"]).Select(w => w.Id), Is.EqualTo(new[] { "fastsum==1.0.0", "romanum==1.0.0" }));
    }

    [Test]
    public void AnUnknownWheelListsTheKnownOnes()
    {
        var error = Assert.Throws<SelectionException>(() => _wheels.Select(["zcodec==2.0.0"]))!;

        Assert.That(error.Message, Does.StartWith("unknown wheel 'zcodec==2.0.0' (did you mean 'zcodec==1.0.0'?)."));
        Assert.That(error.Message, Does.Contain("Known wheels (select by name or name==version): fastsum==1.0.0, zcodec==1.0.0, romanum==1.0.0"));
    }

    [Test]
    public void CompiledLocalWheelsPairWithLinuxPlatformsAndPureOnesWithUniversal()
    {
        var platforms = _platforms.Select(["linux-x64-py3.11", "linux-s390x-py3.11", "mac-x64-py3.11", "universal"]);
        var pairs = WheelCatalog.Pairs(_wheels.Select(["fastsum", "romanum", "zcodec"]), platforms);

        Assert.That(pairs.Select(p => p.ToString()), Is.EqualTo(new[]
        {
            "fastsum==1.0.0 @ linux-s390x-py3.11",
            "fastsum==1.0.0 @ linux-x64-py3.11",
            "zcodec==1.0.0 @ linux-s390x-py3.11",
            "zcodec==1.0.0 @ linux-x64-py3.11",
            "romanum==1.0.0 @ universal",
        }));
    }

    [Test]
    public void PublishedWheelsFollowOnlyAndUseTheDownload()
    {
        var pairs = WheelCatalog.Pairs(_wheels.Select(["numpy", "six"]), _platforms.Select(["linux-x64", "linux-s390x", "mac-arm64", "universal"]));

        Assert.That(pairs.Select(p => p.ToString()), Is.EqualTo(new[]
        {
            "six==1.16.0 @ universal (published)",
            "numpy==1.26.4 @ linux-x64-py3.11 (published)",
            "numpy==1.26.4 @ linux-x64-py3.9 (published)",
            "numpy==1.26.4 @ mac-arm64-py3.11 (published)",
        }));
    }

    [Test]
    public void SkipAndPackagedDecideWhereASourceOrPrebuiltWheelIsBuilt()
    {
        using var scratch = new SpecScratch();
        scratch.WriteWheels("demo.yaml", """
            wheels:
              - name: demo
                version: 2.0.1
                kind: SourceOrPrebuilt
                source:
                  kind: pypi
                  sha256: 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
                skip: [linux-arm64-py3.9, windows-x86]
                packaged: [linux-x64]
            """);
        var demo = WheelCatalog.Load(scratch.Wheels, _platforms).All;

        var pairs = WheelCatalog.Pairs(demo, _platforms.Select(["linux-arm64", "linux-x64-py3.11", "windows-x64", "windows-x86", "universal"]));

        Assert.That(pairs.Select(p => p.ToString()), Is.EqualTo(new[]
        {
            "demo==2.0.1 @ linux-arm64-py3.11",
            "demo==2.0.1 @ linux-arm64-py3.13",
            "demo==2.0.1 @ linux-arm64-py3.14",
            "demo==2.0.1 @ linux-x64-py3.11 (published)",
            "demo==2.0.1 @ windows-x64-py3.11 (published)",
        }));
    }

    private static string[] Names(IEnumerable<PlatformSpec> platforms) => platforms.Select(p => p.Name).ToArray();
}
