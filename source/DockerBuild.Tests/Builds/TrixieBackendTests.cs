using DockerBuild.Builds;
using NUnit.Framework;

namespace DockerBuild.Tests.Builds;

/// <summary>
/// The backends Debian packages from trixie on, written the ordinary way and built for trixie's arm64 and armv7
/// platforms (CPython 3.13): scikit-build-core (CMake reads the image's toolchain file; FindPython is pointed at the
/// target's python-config; a check_c_source_runs check runs its program through the image's emulator wrapper) and
/// maturin with PyO3 (offline from Debian's crates, told the target's Python without running it). Each module has the
/// target's suffix and computes under QEMU.
/// </summary>
[TestFixture]
[Category("Docker")]
[Category("Emulation")]
public sealed class TrixieBackendTests
{
    private static readonly string[] Platforms = ["linux-arm64-py3.13", "linux-armv7-py3.13"];

    private const string Specs = """
        wheels:
          - name: skbsum
            version: 1.0.0
            kind: Local
            source:
              kind: local
              path: local/skbsum
            build_packages: [python3-scikit-build-core, ninja-build]
            test: |
              import ctypes, platform
              import skbsum
              def bsd(data):
                  total = 0
                  for byte in data:
                      total = ((total >> 1) + ((total & 1) << 15) + byte) & 0xFFFF
                  return total
              assert skbsum.bsdsum(b"hello world") == bsd(b"hello world")
              assert skbsum.pointer_bits() == (64 if platform.machine() == "aarch64" else 32)
              # what check_c_source_runs found at configure time, running its program through CMAKE_CROSSCOMPILING_EMULATOR
              assert skbsum.probed_pointer_bits() == 8 * ctypes.sizeof(ctypes.c_void_p), skbsum.probed_pointer_bits()

          - name: matsum
            version: 1.0.0
            kind: Local
            source:
              kind: local
              path: local/matsum
            build_packages: [python3-maturin, cargo, rustc, librust-pyo3-dev]
            test: |
              import platform
              import matsum
              assert matsum.one_at_a_time(b"a") == 0xCA2E9442
              assert matsum.one_at_a_time(b"The quick brown fox jumps over the lazy dog") == 0x519E91F5
              assert matsum.pointer_bits() == (64 if platform.machine() == "aarch64" else 32)

        """;

    private string _root = null!;
    private WheelBuildRun _run = null!;
    private WheelBuildRun _elsewhere = null!;

    [OneTimeSetUp]
    public async Task BuildAsync()
    {
        _root = Path.Combine(SharedWheelBuilds.Root, $"trixie-{Guid.NewGuid():N}");
        var checkout = ScratchCheckout.Create(Path.Combine(_root, "checkout"), Specs, [], testPackages: ["skbsum", "matsum"], platformNames: Platforms);
        _run = await SharedWheelBuilds.RunAsync(checkout, Path.Combine(_root, "state"), Platforms, []);
        var other = ScratchCheckout.Create(Path.Combine(_root, "another", "place", "checkout"), Specs, [], testPackages: ["skbsum", "matsum"],
            platformNames: Platforms);
        _elsewhere = await SharedWheelBuilds.RunAsync(other, Path.Combine(_root, "another", "state"), Platforms, []);
    }

    [OneTimeTearDown]
    public void RemoveScratch()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    private static IEnumerable<TestCaseData> Pairs() =>
        from wheel in new[] { "skbsum", "matsum" }
        from platform in Platforms
        select new TestCaseData(wheel, platform).SetName($"{{m}}({wheel}, {platform})");

    [TestCaseSource(nameof(Pairs))]
    public void EachIsByteIdenticalWhenBuiltFromAnotherCheckoutPath(string wheel, string platform)
    {
        var here = _run.Pair(wheel, platform).Output ?? throw new AssertionException(_run.Output);
        var there = _elsewhere.Pair(wheel, platform).Output ?? throw new AssertionException(_elsewhere.Output);
        Assert.That(there.Sha256, Is.EqualTo(here.Sha256), there.FileName);
    }

    [TestCaseSource(nameof(Pairs))]
    public void EachIsCrossBuiltWithTheTargetsSuffixAndComputesUnderEmulation(string wheel, string platform)
    {
        var pair = _run.Pair(wheel, platform);
        Assert.That(pair.Outcome, Is.EqualTo(PairOutcome.Built), $"{pair}\n{_run.Output}");
        Assert.That(pair.Output!.FileName, Does.Contain("-cp313-cp313-"));
        Assert.That(_run.LogOf(wheel, platform), Does.Contain("verification passed"));
        var machine = platform.Contains("arm64") ? "aarch64" : "arm";
        var modules = CrossBuiltWheelTests.ElfFilesOf(pair.Output.WheelFile);
        Assert.That(modules, Is.Not.Empty);
        Assert.That(modules.Select(e => e.Path), Has.All.Contain($".cpython-313-{machine}-linux-gnu"));
    }
}
