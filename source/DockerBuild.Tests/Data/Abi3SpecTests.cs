using NUnit.Framework;
using DockerBuild.Platforms;
using DockerBuild.Specs;
using DockerBuild.Wheels;
using DockerBuild.Wheels.Abi3;

namespace DockerBuild.Tests.Data;

/// <summary>
/// The <c>abi3:</c> field of a wheel spec and the pairs it forms: one build per architecture, on the lowest CPython at or
/// above the floor that the shipped catalogue has for it, verified on all of that architecture's CPythons from the floor on.
/// Expectations are computed from the catalogue, so platforms added to it are covered as they come.
/// </summary>
[TestFixture]
[Category("Data")]
public sealed class Abi3SpecTests
{
    private PlatformCatalog _platforms = null!;
    private SpecScratch _scratch = null!;

    [OneTimeSetUp]
    public void LoadShippedPlatforms() => _platforms = PlatformCatalog.Load(RepositoryRoot.Platforms);

    [SetUp]
    public void CreateScratch()
    {
        _scratch = new SpecScratch();
        File.WriteAllText(Path.Combine(Directory.CreateDirectory(Path.Combine(_scratch.Wheels, "stable")).FullName, "setup.py"), "");
    }

    [TearDown]
    public void RemoveScratch() => _scratch.Dispose();

    private static string Spec(string extra) => $"""
        wheels:
          - name: stable
            version: 1.0.0
            kind: Local
            source: {"{"}kind: local, path: stable{"}"}
            {extra}
        """;

    private WheelSpec Load(string extra)
    {
        _scratch.WriteWheels("stable.yaml", Spec(extra));
        return WheelCatalog.Load(_scratch.Wheels, _platforms).All.Single();
    }

    private SpecException Errors(string yaml)
    {
        _scratch.WriteWheels("stable.yaml", yaml);
        return Assert.Throws<SpecException>(() => WheelCatalog.Load(_scratch.Wheels, _platforms))!;
    }

    /// <summary>What the catalogue has for an architecture from a floor on, lowest first.</summary>
    private List<PlatformSpec> Pythons(string arch, Version floor) => _platforms.All
        .Where(p => p.Kind == PlatformKind.Linux && p.ArchPrefix == arch && Version.Parse(p.Python) >= floor)
        .OrderBy(p => Version.Parse(p.Python)).ToList();

    [Test]
    public void TheFloorIsReadAsAPythonTag()
    {
        Assert.That(Load("abi3: cp39").Abi3, Is.EqualTo(new Abi3Floor(3, 9)));
        Assert.That(Load("abi3: cp310").Abi3!.LimitedApiHex, Is.EqualTo("0x030A0000"));
        Assert.That(Load("test: import stable").Abi3, Is.Null);
    }

    [TestCase("abi3: py39", "'py39' is not a CPython 3 python tag (valid: cp3X")]
    [TestCase("abi3: cp399", "no Linux platform has CPython 3.99 or later (valid: at most cp3")]
    public void ABadFloorIsNamedWithItsPosition(string line, string problem)
    {
        var error = Errors(Spec(line));
        Assert.That(error.Message, Does.StartWith("wheels/stable.yaml:6:11: field 'abi3': ").And.Contain(problem));
    }

    [Test]
    public void APublishedOrPureWheelCannotBeAbi3()
    {
        var error = Errors("""
            wheels:
              - name: stable
                version: 1.0.0
                kind: Prebuilt
                abi3: cp39
            """);
        Assert.That(error.Message, Does.Contain("field 'abi3': not allowed here").And.Contain("only a wheel compiled here"));
    }

    [Test]
    public void EachArchitecturesPairsShareOneBuildOnItsLowestCPythonAndAreVerifiedOnAllOfThem()
    {
        var spec = Load("abi3: cp39");
        var pairs = WheelCatalog.Pairs([spec], _platforms.Select(["linux-x64", "linux-arm64"]), _platforms.All);

        Assert.That(pairs.Select(p => p.Platform.Name), Is.EquivalentTo(Pythons("linux-x64", new(3, 9)).Concat(Pythons("linux-arm64", new(3, 9))).Select(p => p.Name)));
        foreach (var pair in pairs)
        {
            var pythons = Pythons(pair.Platform.ArchPrefix, new(3, 9));
            Assert.That(pair.Abi3!.Builder.Name, Is.EqualTo(pythons[0].Name), pair.ToString());
            Assert.That(pair.Abi3.Pythons.Select(p => p.Name), Is.EqualTo(pythons.Select(p => p.Name)), pair.ToString());
            Assert.That(pair.Build.Platform.Name, Is.EqualTo(pythons[0].Name));
        }
        Assert.That(pairs.Select(p => p.Abi3!.Builder.Python).Distinct(), Is.EqualTo(new[] { "3.9" }));
    }

    [Test]
    public void OneLaterCPythonSelectedAloneStillBuildsOnTheLowest()
    {
        var pair = WheelCatalog.Pairs([Load("abi3: cp39")], _platforms.Select(["linux-x64-py3.13"]), _platforms.All).Single();
        Assert.That(pair.Abi3!.Builder.Name, Is.EqualTo("linux-x64-py3.9"));
        Assert.That(pair.Build.Platform.Name, Is.EqualTo("linux-x64-py3.9"));
    }

    [Test]
    public void CPythonsBelowTheFloorGetNoPairAndTheBuilderIsTheLowestAtOrAboveIt()
    {
        var pairs = WheelCatalog.Pairs([Load("abi3: cp310")], _platforms.Select(["linux-x64"]), _platforms.All);
        Assert.That(pairs.Select(p => p.Platform.Name), Is.EqualTo(Pythons("linux-x64", new(3, 10)).Select(p => p.Name)));
        Assert.That(pairs.Select(p => p.Platform.Python), Has.None.EqualTo("3.9"));
        Assert.That(pairs.Select(p => p.Abi3!.Builder.Name).Distinct(), Is.EqualTo(new[] { Pythons("linux-x64", new(3, 10))[0].Name }));
    }

    [Test]
    public void ASkippedCPythonIsNeitherBuilderNorVerified()
    {
        var pairs = WheelCatalog.Pairs([Load("abi3: cp39\n    skip: [linux-x64-py3.9]")], _platforms.Select(["linux-x64"]), _platforms.All);
        Assert.That(pairs.Select(p => p.Abi3!.Builder.Name).Distinct(), Is.EqualTo(new[] { "linux-x64-py3.11" }));
        Assert.That(pairs.SelectMany(p => p.Abi3!.Pythons).Select(p => p.Name), Has.None.EqualTo("linux-x64-py3.9"));
    }
}
