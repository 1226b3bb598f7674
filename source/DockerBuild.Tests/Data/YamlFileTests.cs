using NUnit.Framework;
using DockerBuild.Platforms;
using DockerBuild.Specs;

namespace DockerBuild.Tests.Data;

/// <summary>Problems of a file as a whole: syntax, emptiness, extension, repeated keys.</summary>
[TestFixture]
[Category("Data")]
public sealed class YamlFileTests
{
    private SpecScratch _scratch = null!;

    [SetUp]
    public void CreateScratch() => _scratch = new SpecScratch();

    [TearDown]
    public void RemoveScratch() => _scratch.Dispose();

    [Test]
    public void ATabIndentIsASyntaxErrorWithAHint()
    {
        var error = Load("universal.yaml", "name: universal\nkind: universal\nwheel_plat:\n\t- any\n");

        Assert.That(error.Message, Does.StartWith("platforms/universal.yaml:4:").And.Contain("YAML syntax error")
            .And.Contain("hint: indent with spaces only"));
    }

    [Test]
    public void AnEmptyFileSaysWhatItShouldHold()
    {
        var error = Load("universal.yaml", "# nothing yet\n");

        Assert.That(error.Message, Is.EqualTo("platforms/universal.yaml:1:1: the file is empty (expected a YAML mapping of fields)"));
    }

    [Test]
    public void ARepeatedKeyIsReportedWhereItRepeats()
    {
        var error = Load("universal.yaml", "name: universal\nkind: universal\nwheel_abi: none\nwheel_plat: [any]\nkind: universal\n");

        Assert.That((error.Line, error.Field), Is.EqualTo((5, "")));
        Assert.That(error.Message, Does.Contain("hint: each key may appear once in a mapping"));
    }

    [Test]
    public void AYmlFileIsNotSilentlyIgnored()
    {
        var error = Load("universal.yml", "name: universal\n");

        Assert.That(error.Message, Is.EqualTo("platforms/universal.yml:1:1: platform files end in .yaml (valid: rename it to universal.yaml)"));
    }

    [Test]
    public void EnvironmentNamesAndUniversalFieldsAreChecked()
    {
        var error = Load("universal.yaml", "name: universal\nkind: universal\npython: \"3.11\"\nwheel_abi: none\nwheel_plat: [any, linux_x86_64]\nenv:\n  1BAD: x\n");

        Assert.That(error.Errors.Select(e => e.ToString()), Is.EqualTo(new[]
        {
            "platforms/universal.yaml:3:1: field 'python': not allowed here: a universal platform builds py3-none-any wheels",
            "platforms/universal.yaml:5:13: field 'wheel_plat': a universal platform has exactly one wheel platform (valid: [any])",
            "platforms/universal.yaml:7:3: field 'env': '1BAD' is not an environment variable name (valid: letters, digits and '_', not starting with a digit)",
        }));
    }

    [Test]
    public void ADigestPinnedImageAndASnapshotAreAccepted()
    {
        const string digest = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
        _scratch.WritePlatform("linux-x64-py3.11.yaml", $"""
            name: linux-x64-py3.11
            kind: linux
            python: "3.11"
            cross_triple: x86_64-linux-gnu
            wheel_abi: cp311
            wheel_plat: [manylinux_2_17_x86_64]
            cipd_platform: linux-amd64
            base:
              image: localhost:5000/dockcross/manylinux2014-x64:20230222-162287d@{digest}
            """);
        _scratch.WritePlatform("linux-arm64-py3.9.yaml", """
            name: linux-arm64-py3.9
            kind: linux
            python: "3.9"
            cross_triple: aarch64-linux-gnu
            wheel_abi: cp39
            wheel_plat: [manylinux_2_31_aarch64]
            cipd_platform: linux-arm64
            qemu: aarch64
            base:
              debian: {suite: bullseye, snapshot: 20240101T000000Z, architecture: arm64, packages: []}
            """);

        var catalog = PlatformCatalog.Load(_scratch.Platforms);

        Assert.That(catalog.Find("linux-x64-py3.11")!.Base!.Image,
            Is.EqualTo(new UpstreamImage("localhost:5000/dockcross/manylinux2014-x64", "20230222-162287d", digest)));
        Assert.That(catalog.Find("linux-arm64-py3.9")!.Base!.Debian!.Snapshot, Is.EqualTo("20240101T000000Z"));
        var noDefault = Assert.Throws<SelectionException>(() => catalog.Select([]))!;
        Assert.That(noDefault.Message, Does.StartWith("No platform is marked 'default: true'"));
    }

    private SpecException Load(string fileName, string yaml)
    {
        _scratch.WritePlatform(fileName, yaml);
        return Assert.Throws<SpecException>(() => PlatformCatalog.Load(_scratch.Platforms))!;
    }
}
