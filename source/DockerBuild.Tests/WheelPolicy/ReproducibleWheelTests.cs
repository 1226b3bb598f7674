using NUnit.Framework;
using DockerBuild.Tests.Cipd;
using DockerBuild.Wheels.Archive;
using DockerBuild.Wheels.Repair;

namespace DockerBuild.Tests.WheelPolicy;

/// <summary>
/// The product's reproducibility claim, proven with real pip builds: the same source built from two different
/// checkout paths (SOURCE_DATE_EPOCH set, the checkout path mapped out of debug info) and repaired gives the same
/// sha256 — including a grafted library.
/// </summary>
[TestFixture]
[Category("WheelPolicy")]
public sealed class ReproducibleWheelTests
{
    private TemporaryDirectory _scratch = null!;
    private string _python = null!;

    [OneTimeSetUp]
    public async Task Prepare()
    {
        _scratch = new TemporaryDirectory();
        _python = await LocalPackageBuilds.PythonAsync();
    }

    [OneTimeTearDown] public void Remove() => _scratch.Dispose();

    [TestCase("fastsum")]
    [TestCase("zcodec")]
    public async Task BuildsFromTwoCheckoutPathsRepairToIdenticalBytes(string package)
    {
        var first = await LocalPackageBuilds.BuildAsync(_python, package, _scratch[$"{package}/one/checkout"]);
        var second = await LocalPackageBuilds.BuildAsync(_python, package, _scratch[$"{package}/second-path/deeper/checkout"]);

        var one = await RepairAsync(first, _scratch[$"{package}/out1"]);
        var two = await RepairAsync(second, _scratch[$"{package}/out2"]);

        Assert.That(Path.GetFileName(two.Path), Is.EqualTo(Path.GetFileName(one.Path)));
        Assert.That(two.Sha256, Is.EqualTo(one.Sha256));
        if (package == "zcodec") Assert.That(one.Grafted, Has.Count.EqualTo(1), "the comparison must include a grafted library");
    }

    [Test]
    public async Task WithoutThePathMapTheBuildsDifferAndNormalisationDoesNotHideIt()
    {
        var first = await LocalPackageBuilds.BuildAsync(_python, "fastsum", _scratch["nomap/a/checkout"], mapPrefix: false);
        var second = await LocalPackageBuilds.BuildAsync(_python, "fastsum", _scratch["nomap/bb/checkout"], mapPrefix: false);

        var one = await WheelNormaliser.NormaliseAsync(first, new WheelNormaliseSettings { OutputDirectory = _scratch["nomap/out1"], SourceDateEpoch = LocalPackageBuilds.Epoch });
        var two = await WheelNormaliser.NormaliseAsync(second, new WheelNormaliseSettings { OutputDirectory = _scratch["nomap/out2"], SourceDateEpoch = LocalPackageBuilds.Epoch });

        Assert.That(two.Sha256, Is.Not.EqualTo(one.Sha256), "the build path leaks into debug info; only the build flags can remove it");
    }

    [Test]
    public async Task NormalisationRemovesTimestampsABuildLeftIn()
    {
        var python = _python;
        var first = await LocalPackageBuilds.BuildAsync(python, "romanum", _scratch["times/a/checkout"], setEpoch: false, sourceTimes: new DateTime(2001, 2, 3, 4, 5, 6, DateTimeKind.Utc));
        var second = await LocalPackageBuilds.BuildAsync(python, "romanum", _scratch["times/b/checkout"], setEpoch: false, sourceTimes: new DateTime(2019, 8, 7, 6, 5, 4, DateTimeKind.Utc));
        Assert.That(Sha256(second), Is.Not.EqualTo(Sha256(first)), "without SOURCE_DATE_EPOCH the source times reach the archive");

        var one = await WheelNormaliser.NormaliseAsync(first, new WheelNormaliseSettings { OutputDirectory = _scratch["times/out1"], SourceDateEpoch = LocalPackageBuilds.Epoch });
        var two = await WheelNormaliser.NormaliseAsync(second, new WheelNormaliseSettings { OutputDirectory = _scratch["times/out2"], SourceDateEpoch = LocalPackageBuilds.Epoch });

        Assert.That(two.Sha256, Is.EqualTo(one.Sha256));
    }

    private static string Sha256(string path) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path)));

    private Task<RepairedWheel> RepairAsync(string wheel, string output) => WheelRepair.RepairAsync(wheel, new WheelRepairSettings
    {
        Platform = LocalPackageBuilds.Platform("linux-x64-py3.11"), OutputDirectory = output, SourceDateEpoch = LocalPackageBuilds.Epoch,
        SysrootLibraryDirectories = ["/usr/lib/x86_64-linux-gnu", "/lib/x86_64-linux-gnu"], AlwaysGraft = new HashSet<string> { "libz.so.1" },
    });
}
