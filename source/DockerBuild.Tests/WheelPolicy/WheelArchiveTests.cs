using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using NUnit.Framework;
using DockerBuild.Tests.Cipd;
using DockerBuild.Wheels.Archive;

namespace DockerBuild.Tests.WheelPolicy;

/// <summary>Reading refuses lying or hostile wheels; writing is byte-reproducible and retags.</summary>
[TestFixture]
[Category("WheelPolicy")]
public sealed class WheelArchiveTests
{
    private const string Wheel = "demo-1.0-cp311-cp311-linux_x86_64.whl";
    private TemporaryDirectory _scratch = null!;

    [SetUp] public void CreateScratch() => _scratch = new TemporaryDirectory();
    [TearDown] public void RemoveScratch() => _scratch.Dispose();

    private static readonly (string, byte[])[] Files =
    [
        ("demo/__init__.py", Encoding.UTF8.GetBytes("from ._core import *\n")),
        ("demo/_core.py", Encoding.UTF8.GetBytes("ANSWER = 42\n")),
        ("demo-1.0.dist-info/METADATA", Encoding.UTF8.GetBytes("Metadata-Version: 2.1\nName: demo\nVersion: 1.0\n")),
    ];

    [Test]
    public void ATruthfulWheelIsRead()
    {
        var contents = WheelArchiveReader.Read(WheelFiles.Write(_scratch[Wheel], Files));

        Assert.That(contents.Entries.Select(e => e.Path), Is.EquivalentTo(new[] { "demo/__init__.py", "demo/_core.py", "demo-1.0.dist-info/METADATA", "demo-1.0.dist-info/WHEEL" }));
    }

    [TestCase("hash", "demo/_core.py", "hashes to")]
    [TestCase("size", "demo/_core.py", "RECORD says 99 bytes")]
    [TestCase("unlisted", "demo/_core.py", "not listed in RECORD")]
    [TestCase("missing", "demo/ghost.py", "missing from the archive")]
    [TestCase("nohash", "demo/_core.py", "has no hash")]
    [TestCase("md5", "demo/_core.py", "uses 'md5'")]
    public void ARecordThatLiesIsRefusedNamingTheEntry(string lie, string entry, string message)
    {
        string Edit(string record) => lie switch
        {
            "hash" => record.Replace(WheelRecord.HashOf(Encoding.UTF8.GetBytes("ANSWER = 42\n")), WheelRecord.HashOf(Encoding.UTF8.GetBytes("ANSWER = 43\n"))),
            "size" => record.Replace($"{WheelRecord.HashOf(Encoding.UTF8.GetBytes("ANSWER = 42\n"))},12", $"{WheelRecord.HashOf(Encoding.UTF8.GetBytes("ANSWER = 42\n"))},99"),
            "unlisted" => string.Join('\n', record.Split('\n').Where(l => !l.StartsWith("demo/_core.py,", StringComparison.Ordinal))),
            "missing" => record + $"demo/ghost.py,{WheelRecord.HashOf([])},0\n",
            "nohash" => record.Replace($"demo/_core.py,{WheelRecord.HashOf(Encoding.UTF8.GetBytes("ANSWER = 42\n"))},12", "demo/_core.py,,"),
            "md5" => record.Replace(WheelRecord.HashOf(Encoding.UTF8.GetBytes("ANSWER = 42\n")), "md5=AAAA"),
            _ => throw new ArgumentException(lie),
        };
        var wheel = WheelFiles.Write(_scratch[Wheel], Files, editRecord: Edit);

        var error = Assert.Throws<WheelArchiveException>(() => WheelArchiveReader.Read(wheel));

        Assert.That(error!.Entry, Is.EqualTo(entry));
        Assert.That(error.Message, Does.Contain(message).And.Contain(wheel));
    }

    [TestCase("../evil.py")]
    [TestCase("/etc/cron.d/evil")]
    [TestCase("demo/../../evil.py")]
    [TestCase("C:/evil.py")]
    [TestCase("demo\\..\\evil.py")]
    public void EntriesThatEscapeAreRefused(string hostile)
    {
        var wheel = WheelFiles.Write(_scratch[Wheel], [.. Files, (hostile, Encoding.UTF8.GetBytes("import os\n"))]);

        var error = Assert.Throws<WheelArchiveException>(() => WheelArchiveReader.Read(wheel));

        Assert.That(error!.Entry, Is.EqualTo(hostile));
    }

    [Test]
    public void AWheelWithoutRecordIsRefused()
    {
        var path = _scratch[Wheel];
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Create))
            zip.CreateEntry("demo/__init__.py");

        Assert.That(() => WheelArchiveReader.Read(path), Throws.TypeOf<WheelArchiveException>().With.Message.Contains("demo-1.0.dist-info/RECORD").And.Message.Contains("missing"));
    }

    [Test]
    public async Task TheSameContentGivesTheSameBytesWhateverOrderTimesAndModes()
    {
        var first = WheelFiles.Write(_scratch[$"a/{Wheel}"], Files, time: new DateTimeOffset(2021, 5, 1, 10, 0, 0, TimeSpan.Zero), mode: 0x1a4);
        var second = WheelFiles.Shuffle(first, _scratch[$"b/{Wheel}"], new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.FromHours(5)));
        Assert.That(Sha256(first), Is.Not.EqualTo(Sha256(second)), "the inputs must differ in bytes for this test to mean anything");

        var settings = new WheelNormaliseSettings { OutputDirectory = _scratch["out1"], SourceDateEpoch = 1_700_000_000 };
        var one = await WheelNormaliser.NormaliseAsync(first, settings);
        var two = await WheelNormaliser.NormaliseAsync(second, settings with { OutputDirectory = _scratch["out2"] });

        Assert.That(two.Sha256, Is.EqualTo(one.Sha256));
        Assert.That(Sha256(two.Path), Is.EqualTo(one.Sha256));
    }

    [Test]
    public async Task NormalisedWheelsHaveFixedOrderTimesModesAndATruthfulRecord()
    {
        var elf = await File.ReadAllBytesAsync("/bin/true");
        var input = WheelFiles.Write(_scratch[Wheel], [("zz/tool.so", elf), .. Files, ("aa/data.txt", [1, 2, 3])]);

        var result = await WheelNormaliser.NormaliseAsync(input, new WheelNormaliseSettings { OutputDirectory = _scratch["out"], SourceDateEpoch = 1_700_000_001 });

        using var zip = ZipFile.OpenRead(result.Path);
        var names = zip.Entries.Select(e => e.FullName).ToList();
        Assert.That(names, Is.EqualTo(new[]
        {
            "aa/data.txt", "demo/__init__.py", "demo/_core.py", "zz/tool.so",
            "demo-1.0.dist-info/METADATA", "demo-1.0.dist-info/WHEEL", "demo-1.0.dist-info/RECORD",
        }));
        Assert.That(zip.Entries.Select(e => e.LastWriteTime.DateTime).Distinct(),
            Is.EqualTo(new[] { new DateTime(2023, 11, 14, 22, 13, 20, DateTimeKind.Unspecified) }), "odd epochs round down to DOS time's even seconds");
        Assert.That(zip.GetEntry("zz/tool.so")!.ExternalAttributes >> 16 & 0x1ff, Is.EqualTo(0x1ed), "ELF files are 0755");
        Assert.That(zip.GetEntry("demo/_core.py")!.ExternalAttributes >> 16 & 0x1ff, Is.EqualTo(0x1a4), "other files are 0644");
        Assert.That(() => WheelArchiveReader.Read(result.Path), Throws.Nothing, "the regenerated RECORD must verify");
    }

    [Test]
    public async Task EpochsBefore1980AreClampedTo1980()
    {
        var result = await WheelNormaliser.NormaliseAsync(WheelFiles.Write(_scratch[Wheel], Files),
            new WheelNormaliseSettings { OutputDirectory = _scratch["out"], SourceDateEpoch = 0 });

        using var zip = ZipFile.OpenRead(result.Path);
        Assert.That(zip.Entries.Select(e => e.LastWriteTime.DateTime).Distinct(), Is.EqualTo(new[] { new DateTime(1980, 1, 1) }));
    }

    [Test]
    public async Task RetaggingRenamesTheFileAndRewritesTheWheelTags()
    {
        var metadata = "Wheel-Version: 1.0\nGenerator: bdist_wheel (0.38.4)\nRoot-Is-Purelib: false\nTag: cp311-cp311-linux_x86_64\nBuild: 1\n";
        var input = WheelFiles.Write(_scratch[Wheel], Files, wheelMetadata: metadata);

        var result = await WheelNormaliser.NormaliseAsync(input, new WheelNormaliseSettings
        {
            OutputDirectory = _scratch["out"], PlatformTags = ["manylinux_2_17_x86_64", "manylinux2014_x86_64"],
        });

        Assert.That(Path.GetFileName(result.Path), Is.EqualTo("demo-1.0-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl"));
        var wheelText = Encoding.UTF8.GetString(WheelArchiveReader.Read(result.Path).Find("demo-1.0.dist-info/WHEEL")!.Content);
        Assert.That(wheelText, Is.EqualTo("Wheel-Version: 1.0\nGenerator: bdist_wheel (0.38.4)\nRoot-Is-Purelib: false\n"
            + "Tag: cp311-cp311-manylinux_2_17_x86_64\nTag: cp311-cp311-manylinux2014_x86_64\nBuild: 1\n"));
    }

    private static string Sha256(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));
}
