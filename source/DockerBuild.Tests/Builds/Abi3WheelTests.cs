using DockerBuild.Builds;
using DockerBuild.Platforms;
using DockerBuild.Tests.Data;
using NUnit.Framework;

namespace DockerBuild.Tests.Builds;

/// <summary>
/// abi3 wheels through the real build: abi3sum (written for the stable ABI the ordinary setuptools way) selected for
/// every x86-64 CPython the shipped catalogue has is built once, in the lowest one's image, verified by a computation
/// under each CPython's own Debian root, and output for every one of them as the same file; abi3leak, tagged abi3 but
/// calling a function outside 3.9's limited API, is refused naming the function; abi3own, the same package with no
/// <c>abi3:</c> in its spec, is checked and verified the same way.
/// </summary>
[TestFixture]
[Category("Docker")]
public sealed class Abi3WheelTests
{
    private const string Specs = """
        wheels:
          - name: abi3sum
            version: 1.0.0
            kind: Local
            abi3: cp39
            source:
              kind: local
              path: local/abi3sum
            test: |
              import sys
              import abi3sum
              assert abi3sum.fletcher16(b"abcde") == 0xC8F0
              assert abs(abi3sum.mean([1, 2, 3.5]) - 13 / 6) < 1e-12
              print("abi3sum computed", "%d.%d" % sys.version_info[:2], abi3sum.fletcher16(b"abcdef"))

          - name: abi3leak
            version: 1.0.0
            kind: Local
            abi3: cp39
            source:
              kind: local
              path: local/abi3leak
            test: |
              import abi3leak
              assert abi3leak.first_byte("A") == 65

          - name: abi3own
            version: 1.0.0
            kind: Local
            source:
              kind: local
              path: local/abi3own
            test: |
              import sys
              import abi3own
              print("abi3own computed", "%d.%d" % sys.version_info[:2], abi3own.fletcher16(b"abcdef"))

        """;

    private string _root = null!;
    private IReadOnlyList<PlatformSpec> _x64 = null!;
    private WheelBuildRun _run = null!;

    [OneTimeSetUp]
    public async Task BuildAsync()
    {
        // The scratch checkout's catalogue holds the shipped x86-64 platforms of three CPythons on three suites; the
        // product finds them there (the forky one is left out only to spare CI a fourth image and root).
        _x64 = PlatformCatalog.Load(RepositoryRoot.Platforms).All
            .Where(p => p.Kind == PlatformKind.Linux && p.ArchPrefix == "linux-x64" && p.Python is "3.9" or "3.11" or "3.13").ToList();
        _root = Path.Combine(SharedWheelBuilds.Root, $"abi3-{Guid.NewGuid():N}");
        var checkout = ScratchCheckout.Create(Path.Combine(_root, "checkout"), Specs, [], testPackages: ["abi3sum", "abi3leak"],
            madePackages: new Dictionary<string, IReadOnlyDictionary<string, string>> { ["abi3own"] = Renamed("abi3sum", "abi3own") },
            platformNames: _x64.Select(p => p.Name).ToList());
        _run = await SharedWheelBuilds.RunAsync(checkout, Path.Combine(_root, "state"), ["linux-x64"], ["abi3sum", "abi3leak"]);
    }

    [OneTimeTearDown]
    public void RemoveScratch()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    private PlatformSpec Lowest => _x64.Where(p => Version.Parse(p.Python) >= new Version(3, 9)).MinBy(p => Version.Parse(p.Python))!;

    [Test]
    public void TheCatalogueHasTheThreeCPythonsThisTestIsAbout() =>
        Assert.That(_x64.Select(p => p.Python), Is.SupersetOf(new[] { "3.9", "3.11", "3.13" }));

    [Test]
    public void ItIsBuiltOnceInTheLowestCPythonsImageAndEveryCPythonOutputsThatFile()
    {
        var pairs = _x64.Select(p => _run.Pair("abi3sum", p.Name)).ToList();
        Assert.That(pairs.Count(p => p.Outcome == PairOutcome.Built), Is.EqualTo(1), _run.Output);
        Assert.That(pairs.Count(p => p.Outcome == PairOutcome.Cached), Is.EqualTo(_x64.Count - 1), _run.Output);
        var builder = _run.Pair("abi3sum", Lowest.Name).Output ?? throw new AssertionException(_run.Output);
        Assert.That(builder.FileName, Does.StartWith("abi3sum-1.0.0-cp39-abi3-manylinux_2_").And.EndWith("_x86_64.whl"));
        foreach (var platform in _x64)
        {
            var pair = _run.Pair("abi3sum", platform.Name);
            Assert.That(pair.Output?.Sha256, Is.EqualTo(builder.Sha256), $"{platform.Name}: {pair.Error}");
            Assert.That(File.Exists(Path.Combine(_run.StateDirectory, "wheels", platform.Name, builder.FileName)), platform.Name);
        }
        var logs = _x64.Select(p => _run.LogOf("abi3sum", p.Name)).ToList();
        Assert.That(logs.Sum(l => CountOf(l, "building in dockerbuild/")), Is.EqualTo(1), "one build container for the whole architecture");
        Assert.That(logs.Single(l => l.Contains("building in dockerbuild/")), Does.Contain($"building in dockerbuild/{Lowest.Name}:"));
    }

    [Test]
    public void ItIsVerifiedByAComputationUnderEveryCPythonOfTheArchitecture()
    {
        var log = _x64.Select(p => _run.LogOf("abi3sum", p.Name)).Single(l => l.Contains("building in dockerbuild/"));
        foreach (var platform in _x64)
        {
            Assert.That(log, Does.Contain($"abi3sum computed {platform.Python} 8279"), $"{platform.Name} ({platform.Base!.Debian!.Suite})");
            Assert.That(log, Does.Contain($"({platform.Base.Debian.Suite} amd64, no network)"));
        }
        Assert.That(log, Does.Contain("abi3sum.abi3.so"));
        Assert.That(log, Does.Contain("every Py* symbol"));
    }

    [Test]
    public void AWheelUsingAFunctionOutsideTheLimitedApiIsRefusedNamingIt()
    {
        foreach (var platform in _x64)
        {
            var pair = _run.Pair("abi3leak", platform.Name);
            Assert.That(pair.Outcome, Is.EqualTo(PairOutcome.Failed), platform.Name);
            Assert.That(pair.Error, Does.Contain("abi3leak.abi3.so uses PyUnicode_AsUTF8").And.Contain("limited API of CPython 3.9"));
        }
        Assert.That(_run.OutputFiles(Lowest.Name, "abi3leak-*"), Is.Empty);
    }

    [Test]
    public async Task SelectedForOneLaterCPythonItIsStillBuiltOnTheLowestIntoTheSameBytes()
    {
        var latest = _x64.MaxBy(p => Version.Parse(p.Python))!;
        var checkout = Path.Combine(_root, "checkout");
        var alone = await SharedWheelBuilds.RunAsync(checkout, Path.Combine(_root, "state-alone"), [latest.Name], ["abi3sum"]);
        var pair = alone.Pair("abi3sum", latest.Name);
        Assert.That(pair.Outcome, Is.EqualTo(PairOutcome.Built), alone.Output);
        Assert.That(pair.Output!.Sha256, Is.EqualTo(_run.Pair("abi3sum", Lowest.Name).Output!.Sha256));
        Assert.That(alone.LogOf("abi3sum", latest.Name), Does.Contain($"building in dockerbuild/{Lowest.Name}:"));

        var again = await SharedWheelBuilds.RunAsync(checkout, Path.Combine(_root, "state-alone"), [latest.Name], ["abi3sum"]);
        Assert.That(again.Pair("abi3sum", latest.Name).Outcome, Is.EqualTo(PairOutcome.Cached), again.Output);
    }

    [Test]
    public async Task APackageThatMakesAnAbi3WheelOnItsOwnIsCheckedAndVerifiedUnderEveryCPythonToo()
    {
        var run = await SharedWheelBuilds.RunAsync(Path.Combine(_root, "checkout"), Path.Combine(_root, "state-own"), [Lowest.Name], ["abi3own"]);
        var pair = run.Pair("abi3own", Lowest.Name);
        Assert.That(pair.Outcome, Is.EqualTo(PairOutcome.Built), run.Output);
        Assert.That(pair.Output!.FileName, Does.StartWith("abi3own-1.0.0-cp39-abi3-"));
        var log = run.LogOf("abi3own", Lowest.Name);
        Assert.That(log, Does.Contain("the build made an abi3 wheel (cp39): verifying it on " + string.Join(", ", _x64.OrderBy(p => Version.Parse(p.Python)).Select(p => p.Name))));
        Assert.That(log, Does.Contain("every Py* symbol"));
        foreach (var platform in _x64) Assert.That(log, Does.Contain($"abi3own computed {platform.Python} 8279"), platform.Name);
    }

    /// <summary>A test package's files with its name replaced, as another project written the same way.</summary>
    private static IReadOnlyDictionary<string, string> Renamed(string package, string name) =>
        Directory.GetFiles(Path.Combine(ScratchCheckout.TestPackages, package)).ToDictionary(
            f => Path.GetFileName(f).Replace(package, name, StringComparison.Ordinal),
            f => File.ReadAllText(f).Replace(package, name, StringComparison.Ordinal));

    private static int CountOf(string text, string what) => (text.Length - text.Replace(what, "", StringComparison.Ordinal).Length) / what.Length;
}
