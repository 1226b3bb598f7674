using NUnit.Framework;
using DockerBuild.Platforms;
using DockerBuild.Sources;
using DockerBuild.Specs;
using DockerBuild.Wheels;

namespace DockerBuild.Tests.Data;

[TestFixture]
[Category("Data")]
public sealed class WheelValidationTests
{
    private const string File = "demo.yaml";
    private const string Shown = "wheels/demo.yaml";
    private const string Sha = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    // Line numbers matter: tests assert the positions of values in this text.
    private const string Valid = $$"""
        wheels:
          - name: demo
            version: 2.0.1
            kind: SourceOrPrebuilt
            source:
              kind: url
              url: https://example.org/demo-2.0.1.tar.gz
              sha256: {{Sha}}
            patches: [demo-fix.patch]
            target_libraries: [libffi-dev]
            only: [linux-arm64, linux-x64-py3.11, mac-arm64-py3.11]
            skip: [linux-arm64-py3.9]
            packaged: [linux-x64]
            test: |
              import demo
        """;

    private PlatformCatalog _platforms = null!;
    private SpecScratch _scratch = null!;

    [OneTimeSetUp]
    public void LoadShippedPlatforms() => _platforms = PlatformCatalog.Load(RepositoryRoot.Platforms);

    [SetUp]
    public void CreateScratch()
    {
        _scratch = new SpecScratch();
        System.IO.File.WriteAllText(Path.Combine(_scratch.Wheels, "patches", "demo-fix.patch"), "--- a/x\n+++ b/x\n");
    }

    [TearDown]
    public void RemoveScratch() => _scratch.Dispose();

    [Test]
    public void TheReferenceTextIsValid()
    {
        var wheel = Load(Valid).All.Single();

        Assert.That(wheel.Id, Is.EqualTo("demo==2.0.1"));
        Assert.That(wheel.Source, Is.EqualTo(new SourceSpec
        {
            Kind = SourceKind.Url, Name = "demo", Version = "2.0.1", Url = "https://example.org/demo-2.0.1.tar.gz", Sha256 = Sha,
            DeclaredAt = $"{Shown}:6:7",
            BaseDirectory = Path.GetFullPath(_scratch.Wheels),
        }));
        Assert.That(wheel.OnlyPlatforms, Is.EqualTo(new[] { "linux-arm64", "linux-x64-py3.11", "mac-arm64-py3.11" }));
        Assert.That(wheel.Test, Is.EqualTo("import demo"));
        Assert.That(wheel.DeclaredAt, Is.EqualTo($"{Shown}:2:5"));
    }

    [TestCase(Sha, "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a0", 8, 15, "source.sha256",
        "is not a sha256 (valid: exactly 64 lowercase hex digits; got 63 characters)")]
    [TestCase("only: [linux-arm64,", "only: [linux-arm,", 11, 12, "only",
        "unknown platform 'linux-arm' (did you mean 'linux-arm64'?) (valid: linux-arm64, linux-arm64-py3.11,")]
    [TestCase("demo-fix.patch", "demo-missing.patch", 9, 15, "patches",
        "'demo-missing.patch' does not exist in wheels/patches (valid: demo-fix.patch)")]
    [TestCase("test: |", "tests: |", 14, 5, "tests",
        "unknown key 'tests' (did you mean 'test'?) (valid: name, version, kind, universal, pure, source, patches")]
    [TestCase("kind: SourceOrPrebuilt", "kind: sourceorprebuilt", 4, 11, "kind",
        "(did you mean 'SourceOrPrebuilt'?) (valid: Universal, UniversalSource, SourceOrPrebuilt, Prebuilt, Local)")]
    [TestCase("skip: [linux-arm64-py3.9]", "skip: linux-arm64-py3.9", 12, 11, "skip",
        "expected a list (e.g. [a, b] or '- a' lines), found 'linux-arm64-py3.9'")]
    [TestCase("[libffi-dev]", "[libffi]", 10, 24, "target_libraries",
        "'libffi' is not a Debian development package (valid: a -dev name without architecture")]
    [TestCase("target_libraries: [libffi-dev]", "build_requires: [setuptools>=77]", 10, 22, "build_requires",
        "'setuptools>=77' is not an exact pin (valid: name==version, e.g. setuptools==80.9.0")]
    [TestCase("target_libraries: [libffi-dev]", "build_requires: [Demo==1.0]", 10, 22, "build_requires",
        "'Demo==1.0' names the wheel itself")]
    [TestCase("target_libraries: [libffi-dev]", "build_packages: [cython3:arm64]", 10, 22, "build_packages",
        "'cython3:arm64' is not a Debian package name of the build machine (valid: a name without architecture")]
    [TestCase("kind: url", "kind: pypi", 7, 7, "source.url",
        "not allowed here: source kind 'pypi' does not use it (valid: sha256, package)")]
    public void AnInvalidFieldIsNamedWithItsPositionAndTheValidValues(
        string from, string to, int line, int column, string field, string problem)
    {
        Assert.That(Valid, Does.Contain(from));
        var error = Errors(Valid.Replace(from, to));

        Assert.That(error.Errors, Has.Count.EqualTo(1), error.Message);
        Assert.That((error.File, error.Line, error.Column, error.Field), Is.EqualTo((Shown, line, column, field)));
        Assert.That(error.Message, Does.StartWith($"{Shown}:{line}:{column}: field '{field}': ").And.Contain(problem));
    }

    [Test]
    public void BuildRequirementsThatGoRoundInACircleAreRefusedNamingTheCircle()
    {
        foreach (var project in new[] { "a", "b" })
            System.IO.File.WriteAllText(Path.Combine(Directory.CreateDirectory(Path.Combine(_scratch.Wheels, project)).FullName, "setup.py"), "");
        var error = Errors("""
            wheels:
              - name: gen-a
                version: 1.0.0
                kind: Local
                universal: true
                source: {kind: local, path: a}
                build_requires: [gen-b==1.0.0]
              - name: gen-b
                version: 1.0.0
                kind: Local
                universal: true
                source: {kind: local, path: b}
                build_requires: [gen_a==1.0.0]
            """);

        Assert.That(error.Message, Does.Contain("field 'build_requires': build requirements go round in a circle: gen-a==1.0.0 → gen-b==1.0.0 → gen-a==1.0.0"));
    }

    [Test]
    public void ADownloadedSourceWithoutAPinIsRefused()
    {
        var error = Errors("""
            wheels:
              - name: demo
                version: 2.0.1
                kind: UniversalSource
                source:
                  kind: github
                  repo: example/demo
                  tag: v2.0.1
            """);

        Assert.That(error.Message, Is.EqualTo(
            $"{Shown}:6:7: field 'source.sha256': missing required field (expected 64 lowercase hex digits; ./build.sh Sources --pin-sources downloads the file and writes it here)"));
    }

    [Test]
    public void KindRulesAreEnforced()
    {
        var error = Errors("""
            wheels:
              - name: six
                version: 1.16.0
                kind: Universal
                source: {kind: pypi, sha256: 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08}
              - name: fastsum
                version: 1.0.0
                kind: Local
                packaged: [linux-x64]
                source: {kind: local, path: nowhere/fastsum}
            """);

        Assert.That(error.Errors.Select(e => $"{e.Line}:{e.Column}:{e.Field}"), Is.EqualTo(new[] { "5:5:source", "9:5:packaged", "10:33:source.path" }));
        Assert.That(error.Errors[0].Problem, Does.Contain("a Universal wheel is the published wheel"));
        Assert.That(error.Errors[1].Problem, Does.Contain("only a SourceOrPrebuilt wheel lists platforms"));
        Assert.That(error.Errors[2].Problem, Does.Contain("'nowhere/fastsum' does not exist"));
    }

    [Test]
    public void TheSameNameAndVersionTwiceIsRefused()
    {
        _scratch.WriteWheels("a.yaml", Valid);
        var error = Errors(Valid.Replace("name: demo", "name: Demo"));

        Assert.That(error.Message, Is.EqualTo(
            $"{Shown}:2:5: field 'name': 'Demo==2.0.1' is already declared at wheels/a.yaml:2:5 (valid: one spec per name==version)"));
    }

    [Test]
    public void ASyntaxErrorGivesThePositionAndAHint()
    {
        var error = Errors(Valid.Replace("    version: 2.0.1", "   version: 2.0.1"));

        Assert.That(error.Errors, Has.Count.EqualTo(1));
        Assert.That((error.File, error.Line, error.Field), Is.EqualTo((Shown, 3, "")));
        Assert.That(error.Message, Does.StartWith($"{Shown}:3:4: YAML syntax error: ")
            .And.Contain("hint: items of one list, and the keys inside one item, must share the same indentation"));
    }

    [Test]
    public void AFileWithoutTheWheelsListSaysHowItShouldLook()
    {
        var error = Errors("- name: demo\n  version: 1.0\n");

        Assert.That(error.Message, Is.EqualTo(
            $"{Shown}:1:1: expected a mapping of fields (wheels), found a list"));
    }

    private WheelCatalog Load(string yaml)
    {
        _scratch.WriteWheels(File, yaml);
        return WheelCatalog.Load(_scratch.Wheels, _platforms);
    }

    private SpecException Errors(string yaml)
    {
        _scratch.WriteWheels(File, yaml);
        return Assert.Throws<SpecException>(() => WheelCatalog.Load(_scratch.Wheels, _platforms))!;
    }
}
