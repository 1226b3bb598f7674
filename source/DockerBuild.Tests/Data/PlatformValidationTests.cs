using NUnit.Framework;
using DockerBuild.Platforms;
using DockerBuild.Specs;

namespace DockerBuild.Tests.Data;

[TestFixture]
[Category("Data")]
public sealed class PlatformValidationTests
{
    private const string File = "linux-arm64-py3.11.yaml";
    private const string Shown = "platforms/linux-arm64-py3.11.yaml";

    // Line numbers matter: tests assert the positions of values in this text.
    private const string Valid = """
        name: linux-arm64-py3.11
        kind: linux
        python: "3.11"
        cross_triple: aarch64-linux-gnu
        wheel_abi: cp311
        wheel_plat:
          - manylinux_2_36_aarch64
          - linux_aarch64
        cipd_platform: linux-arm64
        qemu: aarch64
        default: true
        env:
          CC: aarch64-linux-gnu-gcc
        base:
          debian:
            suite: bookworm
            architecture: arm64
            packages: [crossbuild-essential-arm64, libpython3.11-dev:arm64]
        """;

    private SpecScratch _scratch = null!;

    [SetUp]
    public void CreateScratch() => _scratch = new SpecScratch();

    [TearDown]
    public void RemoveScratch() => _scratch.Dispose();

    [Test]
    public void TheReferenceTextIsValid()
    {
        var platform = Load(Valid).All.Single();

        Assert.That(platform.Name, Is.EqualTo("linux-arm64-py3.11"));
        Assert.That(platform.Base!.Debian!.Packages, Is.EqualTo(new[] { "crossbuild-essential-arm64", "libpython3.11-dev:arm64" }));
        Assert.That(platform.Env["CC"], Is.EqualTo("aarch64-linux-gnu-gcc"));
    }

    [Test]
    public void AnUnknownKeyIsNamedWithTheClosestValidKey()
    {
        var error = Errors(Valid.Replace("wheel_abi: cp311", "wheel_api: cp311"));

        var unknown = error.Errors.Single(e => e.Field == "wheel_api");
        Assert.That(unknown.ToString(), Does.StartWith($"{Shown}:5:1: field 'wheel_api': unknown key 'wheel_api' (did you mean 'wheel_abi'?)"));
        Assert.That(unknown.Problem, Does.Contain("valid: name, kind, python, cross_triple, wheel_abi"));
        // The key it replaced is now missing: both problems are reported together.
        Assert.That(error.Errors.Single(e => e.Field == "wheel_abi").Problem, Does.Contain("missing required field (expected cp311)"));
    }

    [Test]
    public void AWrongTypeNamesWhatWasExpected()
    {
        var error = Errors(Valid.Replace("default: true", "default: yes").Replace(
            "wheel_plat:\n  - manylinux_2_36_aarch64\n  - linux_aarch64", "wheel_plat: linux_aarch64"));

        Assert.That(error.Errors.Select(e => e.ToString()), Is.EqualTo(new[]
        {
            $"{Shown}:6:13: field 'wheel_plat': expected a list (e.g. [a, b] or '- a' lines), found 'linux_aarch64'",
            $"{Shown}:9:10: field 'default': expected a boolean, found 'yes' (valid: true, false)",
        }));
    }

    [TestCase("kind: linux", "kind: linx", 2, 7, "kind", "'linx' is not valid (did you mean 'linux'?) (valid: linux, prebuilt-only, universal)")]
    [TestCase("cipd_platform: linux-arm64", "cipd_platform: linux-aarch64", 9, 16, "cipd_platform", "(did you mean 'linux-arm64'?) (valid: linux-amd64, linux-arm64, linux-armv6l")]
    [TestCase("qemu: aarch64", "qemu: arm", 10, 7, "qemu", "'arm' does not emulate aarch64 (valid: aarch64)")]
    [TestCase("wheel_abi: cp311", "wheel_abi: cp312", 5, 12, "wheel_abi", "'cp312' does not match python 3.11 (valid: cp311)")]
    [TestCase("suite: bookworm", "suite: trixie", 16, 12, "base.debian.suite", "trixie ships Python 3.13, but the platform targets Python 3.11 (valid for 3.11: bookworm)")]
    [TestCase("suite: bookworm", "suite: forky", 16, 12, "base.debian.suite", "forky ships Python 3.14, but the platform targets Python 3.11 (valid for 3.11: bookworm)")]
    [TestCase("architecture: arm64", "architecture: armhf", 17, 19, "base.debian.architecture", "the cross_triple targets aarch64 (valid: arm64)")]
    [TestCase("- manylinux_2_36_aarch64", "- manylinux_2_39_aarch64", 7, 5, "wheel_plat", "needs glibc 2.39 but bookworm ships glibc 2.36 (valid: manylinux_2_36_<arch> or lower)")]
    [TestCase("libpython3.11-dev:arm64]", "libpython3.11-dev:armhf]", 18, 44, "base.debian.packages", "names architecture 'armhf' but the platform's is 'arm64' (valid suffix: :arm64 or none)")]
    public void AnInvalidValueNamesTheValidOnes(string from, string to, int line, int column, string field, string problem)
    {
        Assert.That(Valid, Does.Contain(from));
        var error = Errors(Valid.Replace(from, to));

        Assert.That(error.Errors, Has.Count.EqualTo(1), error.Message);
        Assert.That((error.File, error.Line, error.Column, error.Field), Is.EqualTo((Shown, line, column, field)));
        Assert.That(error.Message, Does.Contain(problem));
    }

    [Test]
    public void AGlibcFloorIsReadAndCapsTheManylinuxTag()
    {
        var floored = Valid.Replace("manylinux_2_36_aarch64", "manylinux_2_31_aarch64") + "\nglibc_floor: bullseye\n";
        Assert.That(Load(floored).All.Single().GlibcFloor!.Glibc, Is.EqualTo("2.31"));

        var above = Errors(Valid + "\nglibc_floor: bullseye\n");
        Assert.That((above.Line, above.Column, above.Field), Is.EqualTo((7, 5, "wheel_plat")));
        Assert.That(above.Message, Does.Contain("'manylinux_2_36_aarch64' needs glibc 2.36 but the glibc floor bullseye has glibc 2.31 (valid: manylinux_2_31_<arch> or lower)"));
    }

    [TestCase("glibc_floor: bookworm", "bookworm ships glibc 2.36, not older than bookworm's 2.36 (valid: bullseye)")]
    [TestCase("glibc_floor: buster", "'buster' is not valid")]
    public void AGlibcFloorMustBeAnOlderSuite(string line, string problem)
    {
        var error = Errors(Valid + "\n" + line + "\n");

        Assert.That((error.Line, error.Column, error.Field), Is.EqualTo((19, 14, "glibc_floor")));
        Assert.That(error.Message, Does.Contain(problem));
    }

    [Test]
    public void AGlibcFloorNeedsADebianBaseAndTheArchitectureInTheFloorsSuite()
    {
        var image = Errors(Valid[..Valid.IndexOf("base:", StringComparison.Ordinal)]
            + "base:\n  image: dockcross/linux-arm64-lts:20230222-162287d\nglibc_floor: bullseye\n");
        Assert.That(image.Field, Is.EqualTo("glibc_floor"));
        Assert.That(image.Message, Does.Contain("needs a debian base"));

        _scratch.WritePlatform("linux-riscv64-py3.13.yaml", """
            name: linux-riscv64-py3.13
            kind: linux
            python: "3.13"
            cross_triple: riscv64-linux-gnu
            wheel_abi: cp313
            wheel_plat: [manylinux_2_31_riscv64]
            cipd_platform: linux-riscv64
            qemu: riscv64
            base:
              debian: {suite: trixie, architecture: riscv64}
            glibc_floor: bullseye
            """);
        var riscv = Assert.Throws<SpecException>(() => PlatformCatalog.Load(_scratch.Platforms))!;
        Assert.That(riscv.Message, Does.Contain("field 'glibc_floor': bullseye has no riscv64 packages (valid: none: leave glibc_floor out)"));
    }

    [Test]
    public void TheNameMustEqualTheFileName()
    {
        var error = Errors(Valid.Replace("name: linux-arm64-py3.11", "name: linux-arm64-py3.12"));

        Assert.That(error.Message, Is.EqualTo(
            $"{Shown}:1:7: field 'name': 'linux-arm64-py3.12' differs from the file name (valid: linux-arm64-py3.11; rename the file or the platform)"));
    }

    [Test]
    public void AMissingRequiredFieldIsReportedAtTheMapping()
    {
        var error = Errors(Valid.Replace("python: \"3.11\"\n", ""));

        Assert.That(error.Errors.Select(e => (e.Line, e.Column, e.Field)), Does.Contain((1, 1, "python")));
        Assert.That(error.Message, Does.Contain("field 'python': missing required field (expected a version X.Y such as 3.11)"));
    }

    [Test]
    public void TheBaseMustBeExactlyOneOfImageOrDebian()
    {
        var both = Errors(Valid.Replace("base:\n", "base:\n  image: dockcross/linux-arm64-lts:20230222-162287d\n"));
        Assert.That(both.Field, Is.EqualTo("base"));
        Assert.That(both.Message, Does.Contain("give exactly one of 'image' or 'debian', not both"));

        var badImage = Errors(Valid[..Valid.IndexOf("base:", StringComparison.Ordinal)] + "base:\n  image: dockcross/linux-arm64-lts@sha256:abc\n");
        Assert.That((badImage.Line, badImage.Column, badImage.Field), Is.EqualTo((15, 10, "base.image")));
        Assert.That(badImage.Message, Does.Contain("valid: <repository>:<tag> or <repository>:<tag>@sha256:<64 lowercase hex>"));
    }

    [Test]
    public void APrebuiltOnlyPlatformRefusesBuildFields()
    {
        _scratch.WritePlatform("mac-x64-py3.11.yaml", """
            name: mac-x64-py3.11
            kind: prebuilt-only
            python: "3.11"
            wheel_abi: cp311
            wheel_plat: [macosx_10_9_x86_64]
            cipd_platform: mac-amd64
            qemu: aarch64
            """);

        var error = Assert.Throws<SpecException>(() => PlatformCatalog.Load(_scratch.Platforms))!;
        Assert.That(error.Message, Is.EqualTo("platforms/mac-x64-py3.11.yaml:7:1: field 'qemu': not allowed here: "
            + "nothing is built for a prebuilt-only platform; its wheels are downloaded"));
    }

    [Test]
    public void ASyntaxErrorGivesThePositionAndAHint()
    {
        var error = Errors(Valid.Replace("kind: linux", "kind: linux\n  python: \"3.11\""));

        Assert.That(error.Errors, Has.Count.EqualTo(1));
        Assert.That((error.File, error.Line, error.Field), Is.EqualTo((Shown, 3, "")));
        Assert.That(error.Message, Does.StartWith($"{Shown}:3:9: YAML syntax error: ")
            .And.Contain("hint: a value containing ': ' must be quoted, or a key is indented deeper than its siblings"));
    }

    [Test]
    public void ErrorsOfSeveralFilesAreReportedTogether()
    {
        _scratch.WritePlatform(File, Valid.Replace("kind: linux", "kind: linx"));
        _scratch.WritePlatform("universal.yaml", "name: universal\nkind: universal\nwheel_abi: cp311\nwheel_plat: [any]\n");

        var error = Assert.Throws<SpecException>(() => PlatformCatalog.Load(_scratch.Platforms))!;
        Assert.That(error.Errors.Select(e => $"{e.File}:{e.Line}:{e.Field}"),
            Is.EqualTo(new[] { $"{Shown}:2:kind", "platforms/universal.yaml:3:wheel_abi" }));
        Assert.That(error.Errors[1].Problem, Does.Contain("(valid: none)"));
    }

    private PlatformCatalog Load(string yaml)
    {
        _scratch.WritePlatform(File, yaml);
        return PlatformCatalog.Load(_scratch.Platforms);
    }

    private SpecException Errors(string yaml)
    {
        _scratch.WritePlatform(File, yaml);
        return Assert.Throws<SpecException>(() => PlatformCatalog.Load(_scratch.Platforms))!;
    }
}
