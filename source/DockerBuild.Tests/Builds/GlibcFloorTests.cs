using System.Text.RegularExpressions;
using DockerBuild.Builds;
using DockerBuild.Tests.WheelPolicy;
using DockerBuild.Tools.Elf;
using NUnit.Framework;

namespace DockerBuild.Tests.Builds;

/// <summary>
/// The shipped bookworm platforms build against their glibc floor (bullseye, glibc 2.31). A C extension calling pthread
/// functions (bookworm's glibc gives them a 2.34 version) and a C++ one using std::to_chars for doubles (GLIBCXX_3.4.29
/// in gcc 12's libstdc++, above what manylinux_2_31 allows), both written the ordinary way, built for x64, arm64 and
/// armv7: tagged at most manylinux_2_31, no GLIBC or GLIBCXX version above the floor's in any ELF file (read by our
/// reader and by binutils readelf), and imported and tested in the suite's own rootfs, under QEMU for the ARM ones.
/// </summary>
[TestFixture]
[Category("Docker")]
[Category("Emulation")]
public sealed class GlibcFloorTests
{
    private const string Specs = """
        wheels:
          - name: threadsum
            version: 1.0.0
            kind: Local
            source:
              kind: local
              path: local/threadsum
            test: |
              import threadsum
              values = [float(i) for i in range(100001)]
              assert threadsum.parallel_sum(values, 4) == sum(values)
              assert threadsum.parallel_sum([], 3) == 0.0
              assert threadsum.count_together(2000, 8) == 16000

          - name: shortfmt
            version: 1.0.0
            kind: Local
            source:
              kind: local
              path: local/shortfmt
            test: |
              import random
              import shortfmt
              assert shortfmt.shortest(0.1) == "0.1"
              assert shortfmt.shortest(1 / 3) == repr(1 / 3)
              assert shortfmt.shortest(-2.5e-300) == "-2.5e-300"
              numbers = random.Random(7)
              for _ in range(2000):
                  x = numbers.uniform(-1e6, 1e6) * 10.0 ** numbers.randint(-30, 30)
                  assert float(shortfmt.shortest(x)) == x, x
              assert shortfmt.join_sorted(["b", "a", "b", "c"], ",") == "a,b,c"
              try:
                  shortfmt.join_sorted([], ",")
                  raise AssertionError("an empty join must raise")
              except ValueError:
                  pass

        """;

    private static readonly Version Floor = new(2, 31);

    private string _root = null!;
    private WheelBuildRun _run = null!;

    [OneTimeSetUp]
    public async Task BuildAsync()
    {
        _root = Path.Combine(SharedWheelBuilds.Root, $"glibc-floor-{Guid.NewGuid():N}");
        var checkout = ScratchCheckout.Create(Path.Combine(_root, "checkout"), Specs, [], testPackages: ["threadsum", "shortfmt"]);
        _run = await SharedWheelBuilds.RunAsync(checkout, Path.Combine(_root, "state"), ScratchCheckout.Platforms, []);
    }

    [OneTimeTearDown]
    public void RemoveScratch()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    private static IEnumerable<TestCaseData> Pairs() =>
        from wheel in new[] { "threadsum", "shortfmt" }
        from platform in ScratchCheckout.Platforms
        select new TestCaseData(wheel, platform).SetName($"{{m}}({wheel}, {platform})");

    [TestCaseSource(nameof(Pairs))]
    public void EachIsTaggedAtOrBelowTheFloorAndRunsInItsSuitesRootfs(string wheel, string platform)
    {
        var pair = _run.Pair(wheel, platform);
        Assert.That(pair.Outcome, Is.EqualTo(PairOutcome.Built), $"{pair}\n{_run.Output}");
        var level = int.Parse(Regex.Match(pair.Output!.FileName, @"-manylinux_2_(\d+)_").Groups[1].Value);
        Assert.That(level, Is.LessThanOrEqualTo(Floor.Minor), pair.Output.FileName);
        var log = _run.LogOf(wheel, platform);
        Assert.That(log, Does.Contain("verification passed"));
        var architecture = platform.Contains("arm64") ? "arm64" : platform.Contains("armv7") ? "armhf" : "amd64";
        Assert.That(log, Does.Contain($"(bookworm {architecture}, no network)"));
    }

    /// <summary>The ELF symbol versions are the proof: read by our reader and, independently, by binutils readelf.</summary>
    [TestCaseSource(nameof(Pairs))]
    public async Task NoElfFileNeedsAGlibcOrGlibcxxVersionAboveTheFloors(string wheel, string platform)
    {
        var output = _run.Pair(wheel, platform).Output ?? throw new AssertionException(_run.Output);
        var elves = CrossBuiltWheelTests.ElfFilesOf(output.WheelFile);
        Assert.That(elves, Is.Not.Empty);
        foreach (var elf in elves)
        {
            var file = LocalPackageBuilds.Extract(output.WheelFile, elf.Path, Path.Combine(_root, "elf", platform));
            var oracle = await NativeToolchain.VersionNeedsAsync(file);
            var glibc = oracle.Where(v => v.Version.StartsWith("GLIBC_2.", StringComparison.Ordinal)).Select(v => Version.Parse(v.Version[6..])).ToList();
            Assert.That(glibc, Is.Not.Empty, $"{elf.Path} needs no GLIBC version at all: its libc calls were not bound to the floor's library");
            Assert.That(glibc.Max(), Is.LessThanOrEqualTo(Floor), $"{elf.Path}: {string.Join(", ", oracle)}");
            Assert.That(elf.HighestGlibc, Is.EqualTo(glibc.Max()), "our reader agrees with readelf");
            var glibcxx = oracle.Where(v => v.Version.StartsWith("GLIBCXX_3.4", StringComparison.Ordinal)).Select(v => Version.Parse(v.Version[8..])).ToList();
            Assert.That(glibcxx, Has.All.LessThanOrEqualTo(new Version(3, 4, 28)), "manylinux_2_31 allows GLIBCXX_3.4.28 at most");
        }
    }

    [TestCase("linux-x64-py3.11")]
    [TestCase("linux-arm64-py3.11")]
    [TestCase("linux-armv7-py3.11")]
    public void PthreadCallsBindToTheFloorsLibpthread(string platform)
    {
        var output = _run.Pair("threadsum", platform).Output ?? throw new AssertionException(_run.Output);
        var module = CrossBuiltWheelTests.ElfFilesOf(output.WheelFile).Single();
        var create = module.ImportedSymbols.SingleOrDefault(s => s.Name == "pthread_create");
        Assert.That(create, Is.Not.Null, $"pthread_create is not a versioned import: {string.Join(", ", module.UnversionedImports)}");
        Assert.That(create!.Library, Is.EqualTo("libpthread.so.0"), "glibc 2.31 keeps the thread functions in libpthread");
        Assert.That(Version.Parse(create.Version[6..]), Is.LessThan(new Version(2, 34)), create.Version);
    }

    /// <summary>libstdc++ stays shared (the floor's), and what only gcc 12's has is linked in privately, not exported.</summary>
    [TestCase("linux-x64-py3.11")]
    [TestCase("linux-arm64-py3.11")]
    [TestCase("linux-armv7-py3.11")]
    public async Task TheCxxModuleLinksTheSharedLibstdcxxAndKeepsTheNewerPartPrivate(string platform)
    {
        var output = _run.Pair("shortfmt", platform).Output ?? throw new AssertionException(_run.Output);
        var module = CrossBuiltWheelTests.ElfFilesOf(output.WheelFile).Single();
        Assert.That(module.Needed, Does.Contain("libstdc++.so.6"));
        Assert.That(module.ImportedSymbols.Select(s => s.Name), Has.None.Contains("to_chars"), "std::to_chars(double) is newer than the floor's libstdc++");
        var file = LocalPackageBuilds.Extract(output.WheelFile, module.Path, Path.Combine(_root, "exports", platform));
        var exported = await NativeToolchain.ReadElfAsync("--dyn-syms", file);
        Assert.That(exported.Split('\n').Where(l => l.Contains(" GLOBAL ") && !l.Contains(" UND ")).ToList(),
            Has.None.Contains("_ZSt8to_chars"), "the static part of libstdc++ is not exported");
    }

    [TestCase("linux-arm64-py3.11", "arm64")]
    [TestCase("linux-armv7-py3.11", "armhf")]
    [TestCase("linux-x64-py3.11", "amd64")]
    public void TheImageManifestRecordsTheFloorsPackages(string platform, string architecture)
    {
        var manifest = File.ReadAllText(Path.Combine(_run.StateDirectory, "images", $"{platform}.manifest"));
        foreach (var package in new[] { "libc6", "libc6-dev", "linux-libc-dev", "libstdc++6" })
            Assert.That(manifest, Does.Match($@"(?m)^sysroot/bullseye/{Regex.Escape(package)}:{architecture}\t\S+$"), package);
        Assert.That(manifest, Does.Match($@"(?m)^sysroot/bullseye/libc6:{architecture}\t2\.31-"));
    }
}
