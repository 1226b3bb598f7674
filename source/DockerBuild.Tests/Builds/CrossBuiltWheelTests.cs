using System.IO.Compression;
using System.Text.RegularExpressions;
using DockerBuild.Builds;
using DockerBuild.Tools.Elf;
using DockerBuild.Wheels.Policy;
using NUnit.Framework;

namespace DockerBuild.Tests.Builds;

/// <summary>
/// fastsum and zcodec cross-built for x64, arm64 and armv7 in the shared run: every pair is an output, tagged from the
/// GLIBC versions its ELF files really need, zcodec carries its own libz, and each was imported and its test passed
/// in a clean rootfs of its architecture (under QEMU for the ARM ones) before it became an output.
/// </summary>
[TestFixture]
[Category("Docker")]
public sealed class CrossBuiltWheelTests
{
    private WheelBuildRun _run = null!;

    [OneTimeSetUp]
    public async Task BuildAsync() => _run = await SharedWheelBuilds.FirstRunAsync();

    private static IEnumerable<TestCaseData> Pairs() =>
        from wheel in new[] { "fastsum", "zcodec" }
        from platform in ScratchCheckout.Platforms
        select new TestCaseData(wheel, platform).SetName($"{{m}}({wheel}, {platform})");

    [TestCaseSource(nameof(Pairs))]
    public void EveryPairIsBuiltIntoTheOutputsWithItsRecord(string wheel, string platform)
    {
        var pair = _run.Pair(wheel, platform);
        Assert.That(pair.Outcome, Is.EqualTo(PairOutcome.Built), $"{pair}\n{_run.Output}");
        Assert.That(pair.Output!.WheelFile, Does.StartWith(Path.Combine(_run.StateDirectory, "wheels", platform) + "/"));
        Assert.That(File.Exists(pair.Output.WheelFile + ".json"), Is.True, "the sidecar record is written beside the wheel");
        Assert.That(pair.LogFile, Is.EqualTo(Path.Combine(_run.StateDirectory, "logs", "BuildWheel", platform, $"{wheel}.log")));
    }

    [TestCaseSource(nameof(Pairs))]
    public void TheManylinuxTagIsTheOneTheElfFilesNeedNotThePlatformsMaximum(string wheel, string platform)
    {
        var output = _run.Pair(wheel, platform).Output ?? throw new AssertionException($"{wheel} @ {platform} has no output");
        var elves = ElfFilesOf(output.WheelFile);
        Assert.That(elves, Is.Not.Empty);
        var architecture = elves[0].UnameMachine!;
        var glibc = elves.Select(e => e.HighestGlibc).OfType<Version>().Max()!;
        var level = Math.Max(glibc.Minor, ManylinuxPolicy.Default.MinimumLevel(architecture));
        var tag = Regex.Match(Path.GetFileName(output.WheelFile), @"-(manylinux_2_\d+_[a-z0-9_]+?)[.-]").Groups[1].Value;
        Assert.That(tag, Is.EqualTo($"manylinux_2_{level}_{architecture}"), $"GLIBC needed: {glibc}");
        Assert.That(level, Is.LessThan(36), "these packages need far less than bookworm's glibc 2.36");
    }

    [TestCaseSource(nameof(Pairs))]
    [Category("Emulation")]
    public void EachWheelWasImportedAndItsTestPassedInTheTargetRootfs(string wheel, string platform)
    {
        var log = _run.LogOf(wheel, platform);
        Assert.That(log, Does.Match($@"imported {wheel} from /dockerbuild/verify/[0-9a-f]{{32}}/site/{wheel}"));
        Assert.That(log, Does.Contain("verification passed"));
        var architecture = platform.Contains("arm64") ? "arm64" : platform.Contains("armv7") ? "armhf" : "amd64";
        Assert.That(log, Does.Contain($"(bookworm {architecture}, no network)"));
    }

    [TestCase("linux-x64-py3.11")]
    [TestCase("linux-arm64-py3.11")]
    [TestCase("linux-armv7-py3.11")]
    [Category("Emulation")]
    public void ZcodecCarriesItsOwnLibzAndLinksIt(string platform)
    {
        var output = _run.Pair("zcodec", platform).Output!;
        using var zip = ZipFile.OpenRead(output.WheelFile);
        var grafted = zip.Entries.SingleOrDefault(e => e.FullName.StartsWith("zcodec.libs/libz-", StringComparison.Ordinal));
        Assert.That(grafted, Is.Not.Null, $"entries: {string.Join(", ", zip.Entries.Select(e => e.FullName))}");
        var extension = ElfFilesOf(output.WheelFile).Single(e => e.Path.Contains("zcodec.cpython"));
        Assert.That(extension.Needed, Does.Contain(grafted!.Name));
        Assert.That(extension.Needed, Does.Not.Contain("libz.so.1"));
    }

    [Test]
    public void TheSummaryTableListsEveryPair()
    {
        foreach (var pair in _run.Report.Pairs)
            Assert.That(_run.Output, Does.Contain(pair.Output!.FileName));
        Assert.That(Regex.Matches(_run.Output, "built").Count, Is.GreaterThanOrEqualTo(6));
        Assert.That(_run.Output, Does.Contain("fastsum==1.0.0 @ linux-arm64-py3.11: building in dockerbuild/linux-arm64-py3.11:"));
        Assert.That(_run.Output, Does.Match(@"│ zcodec==1\.0\.0 +│ linux-armv7-py3\.11 +│ built +│ +\d+\.\d s"));
    }

    /// <summary>Every ELF file inside a wheel.</summary>
    internal static List<ElfFile> ElfFilesOf(string wheel)
    {
        using var zip = ZipFile.OpenRead(wheel);
        var files = new List<ElfFile>();
        foreach (var entry in zip.Entries)
        {
            using var stream = entry.Open();
            using var content = new MemoryStream();
            stream.CopyTo(content);
            if (ElfReader.IsElfMagic(content.ToArray())) files.Add(ElfReader.Read(entry.FullName, content.ToArray()));
        }
        return files;
    }
}
