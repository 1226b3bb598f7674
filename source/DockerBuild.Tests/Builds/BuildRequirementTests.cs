using System.Security.Cryptography;
using DockerBuild.Builds;
using DockerBuild.Tests.Uploads;
using DockerBuild.Tools.Cipd;
using NUnit.Framework;

namespace DockerBuild.Tests.Builds;

/// <summary>
/// crcfast generates its CRC table at build time with tablegen, a pure code generator declared as a spec of the same
/// catalogue, and pins setuptools and wheel, served by a real loopback PEP 503 index (Debian's own wheel files). The
/// run builds tablegen first, fetches the pinned wheels once (locking their sha256 in wheels/pylock.build.toml and
/// interning them), builds crcfast in an isolated environment of exactly those for arm64 and armv7, and verifies it
/// under QEMU. With the index gone, a rebuild gets the same wheels from the store; a lock that disagrees with the
/// index is refused before anything is interned; a requirement that cannot be had fails before any build.
/// </summary>
[TestFixture]
[Category("Docker")]
[Category("Emulation")]
public sealed class BuildRequirementTests
{
    private static readonly string[] Platforms = ["linux-arm64-py3.11", "linux-armv7-py3.11"];
    private static readonly string[] Pinned = ["setuptools-66.1.1-py3-none-any.whl", "wheel-0.38.4-py3-none-any.whl"];
    private const string DebianWheels = "/usr/share/python-wheels";

    private const string Specs = """
        wheels:
          - name: tablegen
            version: 1.0.0
            kind: Local
            universal: true
            source:
              kind: local
              path: local/tablegen
            test: |
              import tablegen
              assert tablegen.crc32_table()[1] == 0x77073096

          - name: crcfast
            version: 1.0.0
            kind: Local
            source:
              kind: local
              path: local/crcfast
            build_requires: [setuptools==66.1.1, wheel==0.38.4, tablegen==1.0.0]
            test: |
              import zlib
              import crcfast
              assert crcfast.crc32(b"hello world") == 0x0D4A1185
              data = bytes(range(256)) * 33
              assert crcfast.crc32(data) == zlib.crc32(data)
              assert crcfast.crc32(b"world", crcfast.crc32(b"hello ")) == 0x0D4A1185

        """;

    private string _root = null!;
    private string _index = null!;
    private string _checkout = null!;
    private WheelBuildRun _fetched = null!;
    private WheelBuildRun _fromStore = null!;

    [OneTimeSetUp]
    public async Task BuildTwiceAsync()
    {
        _root = Path.Combine(SharedWheelBuilds.Root, $"requirements-{Guid.NewGuid():N}");
        _index = MakeIndex(Path.Combine(_root, "index"));
        _checkout = ScratchCheckout.Create(Path.Combine(_root, "checkout"), Specs, [], testPackages: ["tablegen", "crcfast"]);
        var state = Path.Combine(_root, "state");
        using (var server = await RealPip.ServeAsync(_index))
            _fetched = await SharedWheelBuilds.RunAsync(_checkout, state, Platforms, ["crcfast"], indexUrl: new Uri(server.BaseUri, "simple/").AbsoluteUri);
        _fromStore = await SharedWheelBuilds.RunAsync(_checkout, state, Platforms, ["crcfast"], rebuild: true);
    }

    [OneTimeTearDown]
    public void RemoveScratch()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    [TestCase("linux-arm64-py3.11")]
    [TestCase("linux-armv7-py3.11")]
    public void TheWheelIsBuiltWithItsGeneratedTableAndComputesUnderEmulation(string platform)
    {
        var pair = _fetched.Pair("crcfast", platform);
        Assert.That(pair.Outcome, Is.EqualTo(PairOutcome.Built), _fetched.Output);
        var log = _fetched.LogOf("crcfast", platform);
        Assert.That(log, Does.Contain("environment: isolated, /dockerbuild/env"));
        Assert.That(log, Does.Contain("verification passed"));
    }

    [Test]
    public void TheCodeGeneratorIsBuiltFirstFromTheCatalogueForTheBuildMachine()
    {
        var generator = _fetched.Pair("tablegen", "universal");
        Assert.That(generator.Outcome, Is.EqualTo(PairOutcome.Built), _fetched.Output);
        var log = _fetched.LogOf("crcfast", "linux-arm64-py3.11");
        Assert.That(log, Does.Contain($"build requirement tablegen==1.0.0: {generator.Output!.FileName} sha256 {generator.Output.Sha256} from the catalogue"));
    }

    [Test]
    public void EachPinnedWheelIsLockedWithTheSha256OfItsFileAndInterned()
    {
        var lockText = File.ReadAllText(Path.Combine(_checkout, "wheels", "pylock.build.toml"));
        foreach (var file in Pinned)
        {
            var sha256 = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(DebianWheels, file))));
            Assert.That(lockText, Does.Contain($"name = \"{file}\"").And.Contain($"sha256 = \"{sha256}\""));
        }
        var store = CipdRepositories.Create(_fetched.StateDirectory, null);
        var packages = store.ListPackagesAsync("infra/python/wheels").GetAwaiter().GetResult();
        Assert.That(packages, Does.Contain("infra/python/wheels/setuptools-py3").And.Contain("infra/python/wheels/wheel-py3"));
        Assert.That(store.ResolveAsync("infra/python/wheels/setuptools-py3", "version:66.1.1").GetAwaiter().GetResult(), Is.Not.Null);
    }

    [TestCase("linux-arm64-py3.11")]
    [TestCase("linux-armv7-py3.11")]
    public void WithTheIndexGoneARebuildGetsTheSameWheelsFromTheStore(string platform)
    {
        var pair = _fromStore.Pair("crcfast", platform);
        Assert.That(pair.Outcome, Is.EqualTo(PairOutcome.Built), _fromStore.Output);
        Assert.That(_fromStore.LogOf("crcfast", platform), Does.Contain("build requirement setuptools==66.1.1: setuptools-66.1.1-py3-none-any.whl")
            .And.Contain("from the store (infra/python/wheels/setuptools-py3:"));
        Assert.That(pair.Output!.Sha256, Is.EqualTo(_fetched.Pair("crcfast", platform).Output!.Sha256), "the same inputs give the same bytes");
    }

    [Test]
    public async Task ALockThatDisagreesWithTheIndexIsRefusedBeforeAnythingIsInterned()
    {
        var checkout = ScratchCheckout.Create(Path.Combine(_root, "tampered"), Specs, [], testPackages: ["tablegen", "crcfast"]);
        var setuptools = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(DebianWheels, Pinned[0]))));
        var lockFile = Path.Combine(checkout, "wheels", "pylock.build.toml");
        File.WriteAllText(lockFile, File.ReadAllText(Path.Combine(_checkout, "wheels", "pylock.build.toml")).Replace(setuptools, new string('0', 64)));
        var state = Path.Combine(_root, "tampered-state");
        WheelBuildRun run;
        using (var server = await RealPip.ServeAsync(_index))
            run = await SharedWheelBuilds.RunAsync(checkout, state, ["linux-arm64-py3.11"], ["crcfast"], indexUrl: new Uri(server.BaseUri, "simple/").AbsoluteUri);

        var pair = run.Pair("crcfast", "linux-arm64-py3.11");
        Assert.That(pair.Outcome, Is.EqualTo(PairOutcome.Failed));
        Assert.That(pair.Error, Does.Contain($"has sha256 {setuptools}").And.Contain("Refused, and nothing was interned"));
        var packages = await CipdRepositories.Create(state, null).ListPackagesAsync("infra/python/wheels");
        Assert.That(packages, Does.Not.Contain("infra/python/wheels/setuptools-py3"));
        Assert.That(run.LogOf("crcfast", "linux-arm64-py3.11"), Does.Not.Contain("building in"), "nothing was built");
    }

    [Test]
    public async Task ARequirementNeitherStoredNorReachableFailsBeforeAnyBuildNamingBothWaysToProvideIt()
    {
        var run = await SharedWheelBuilds.RunAsync(_checkout, Path.Combine(_root, "no-index-state"), ["linux-arm64-py3.11"], ["crcfast"]);
        var pair = run.Pair("crcfast", "linux-arm64-py3.11");
        Assert.That(pair.Outcome, Is.EqualTo(PairOutcome.Failed));
        Assert.That(pair.Error, Does.Contain("build requirement setuptools==66.1.1").And.Contain("neither in the store nor reachable")
            .And.Contain("--index-url").And.Contain("--find-links").And.Contain("declare a wheel spec setuptools==66.1.1"));
        Assert.That(run.LogOf("crcfast", "linux-arm64-py3.11"), Does.Not.Contain("building in"));
    }

    /// <summary>A PEP 503 index of Debian's setuptools and wheel wheel files (real releases, as an index would serve them).</summary>
    private static string MakeIndex(string root)
    {
        var simple = Directory.CreateDirectory(Path.Combine(root, "simple")).FullName;
        foreach (var file in Pinned)
        {
            var source = Path.Combine(DebianWheels, file);
            Assert.That(File.Exists(source), $"{source} is missing: the test suite's host packages include python3-setuptools-whl and python3-wheel-whl");
            var project = Directory.CreateDirectory(Path.Combine(simple, file.Split('-')[0])).FullName;
            File.Copy(source, Path.Combine(project, file));
            var sha256 = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(source)));
            File.WriteAllText(Path.Combine(project, "index.html"), $"<!DOCTYPE html><html><body><a href=\"{file}#sha256={sha256}\">{file}</a></body></html>\n");
        }
        return root;
    }
}
