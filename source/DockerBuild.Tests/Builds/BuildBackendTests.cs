using System.IO.Compression;
using DockerBuild.Builds;
using NUnit.Framework;

namespace DockerBuild.Tests.Builds;

/// <summary>
/// Packages written the ordinary way for their tools, built with Debian's host tools from build_packages (each in
/// its own layer): setuptools-scm from a tarball without git metadata, a Cython and a pybind11 (C++) extension,
/// meson-python (given the image's cross file) and a setup.py that drives CMake (which reads the image's toolchain
/// file, whose FindPython hints give the target's suffix) — cross-compiled for arm64 and armv7, the target's extension
/// suffix on every module, and verified under QEMU; and a Rust (PyO3) extension through setuptools-rust, offline from
/// Debian's packaged crates, for the target with Debian's target standard library. The CMake and meson examples run a
/// program at configure time (try_run, cc.run()), through the image's emulator wrapper; every example but the Rust one
/// also builds natively for x64. Beside them, on x64, what must never become an output:
/// a source whose declared requirement the environment cannot meet, a package that quietly fell back to pure Python,
/// and a spec whose version is not the package's.
/// </summary>
[TestFixture]
[Category("Docker")]
[Category("Emulation")]
public sealed class BuildBackendTests
{
    private static readonly string[] Foreign = ["linux-arm64-py3.11", "linux-armv7-py3.11"];
    private const string Native = "linux-x64-py3.11";

    private const string Specs = """
        wheels:
          - name: scmver
            version: 2.3.1
            kind: Local
            only: [linux-x64-py3.11, linux-arm64, linux-armv7]
            source:
              kind: local
              path: local/scmver
            build_packages: [python3-setuptools-scm]
            test: |
              import scmver
              assert scmver.__version__ == "2.3.1", scmver.__version__
              assert scmver.popcount(0) == 0
              assert scmver.popcount(2**64 - 1) == 64

          - name: cyfib
            version: 1.0.0
            kind: Local
            only: [linux-x64-py3.11, linux-arm64, linux-armv7]
            source:
              kind: local
              path: local/cyfib
            build_packages: [cython3]
            test: |
              import cyfib
              assert cyfib.fib(90) == 2880067194370816120
              assert cyfib.primes_below(30) == [2, 3, 5, 7, 11, 13, 17, 19, 23, 29]

          - name: pyvec
            version: 1.0.0
            kind: Local
            only: [linux-x64-py3.11, linux-arm64, linux-armv7]
            source:
              kind: local
              path: local/pyvec
            build_packages: [pybind11-dev, python3-pybind11]
            test: |
              import pyvec
              assert pyvec.dot([1, 2, 3], [4, 5, 6]) == 32.0
              assert pyvec.sorted_unique([5, 3, 5, 1, 3]) == [1, 3, 5]
              try:
                  pyvec.dot([1], [1, 2])
                  raise AssertionError("vectors of different lengths must be refused")
              except ValueError:
                  pass

          - name: mesonsum
            version: 1.0.0
            kind: Local
            only: [linux-x64-py3.11, linux-arm64, linux-armv7]
            source:
              kind: local
              path: local/mesonsum
            build_packages: [python3-mesonpy, meson, ninja-build]
            test: |
              import ctypes, zlib
              import mesonsum
              assert mesonsum.adler32(b"hello world") == zlib.adler32(b"hello world")
              assert mesonsum.pointer_bits() == 8 * ctypes.sizeof(ctypes.c_void_p)
              # counted by a program meson ran at configure time, through the image's exe_wrapper on foreign platforms
              assert mesonsum.probed_long_bits() == 8 * ctypes.sizeof(ctypes.c_long), mesonsum.probed_long_bits()

          - name: cmakesum
            version: 1.0.0
            kind: Local
            only: [linux-x64-py3.11, linux-arm64, linux-armv7]
            source:
              kind: local
              path: local/cmakesum
            test: |
              import platform
              import cmakesum
              def fletcher16(data):
                  low = high = 0
                  for byte in data:
                      low = (low + byte) % 255
                      high = (high + low) % 255
                  return high << 8 | low
              assert cmakesum.fletcher16(b"abcde") == 0xC8F0
              assert cmakesum.fletcher16(bytes(range(256)) * 9) == fletcher16(bytes(range(256)) * 9)
              assert cmakesum.pointer_bits() == (32 if platform.machine().startswith("arm") else 64)
              # the machine try_run's program ran on at configure time (through CMAKE_CROSSCOMPILING_EMULATOR when cross)
              assert cmakesum.probed_machine() == platform.machine(), cmakesum.probed_machine()

          - name: rustsum
            version: 1.0.0
            kind: Local
            only: [linux-arm64, linux-armv7]
            source:
              kind: local
              path: local/rustsum
            build_packages: [python3-setuptools-rust, cargo, rustc, librust-pyo3-dev]
            test: |
              import platform
              import rustsum
              assert rustsum.fnv1a64(b"") == 0xCBF29CE484222325
              assert rustsum.fnv1a64(b"a") == 0xAF63DC4C8601EC8C
              assert rustsum.pointer_bits() == (32 if platform.machine().startswith("arm") else 64)

          - name: rustmissing
            version: 0.1.0
            kind: Local
            only: [linux-arm64-py3.11]
            source:
              kind: local
              path: local/rustmissing
            build_packages: [python3-setuptools-rust, cargo, rustc, librust-pyo3-dev]

          - name: needsnew
            version: 0.1.0
            kind: Local
            only: [linux-x64-py3.11]
            source:
              kind: local
              path: local/needsnew

          - name: fallbacky
            version: 0.1.0
            kind: Local
            only: [linux-x64-py3.11]
            source:
              kind: local
              path: local/fallbacky

          - name: fastsum
            version: 1.0.1
            kind: Local
            only: [linux-x64-py3.11]
            source:
              kind: local
              path: local/fastsum

        """;

    private static readonly Dictionary<string, IReadOnlyDictionary<string, string>> Made = new()
    {
        ["rustmissing"] = new Dictionary<string, string>
        {
            ["pyproject.toml"] = """
                [build-system]
                requires = ["setuptools>=61", "setuptools-rust>=1.5"]
                build-backend = "setuptools.build_meta"

                [project]
                name = "rustmissing"
                version = "0.1.0"
                """,
            ["setup.py"] = """
                from setuptools import setup
                from setuptools_rust import Binding, RustExtension

                setup(rust_extensions=[RustExtension("rustmissing", binding=Binding.PyO3)])
                """,
            ["Cargo.toml"] = """
                [package]
                name = "rustmissing"
                version = "0.1.0"
                edition = "2021"

                [lib]
                crate-type = ["cdylib"]

                [dependencies]
                pyo3 = { version = "0.17", features = ["extension-module"] }
                quantum-frobnicator = "1.0"
                """,
            ["src/lib.rs"] = "use pyo3::prelude::*;\n",
        },
        ["needsnew"] = new Dictionary<string, string>
        {
            ["pyproject.toml"] = """
                [build-system]
                requires = ["setuptools>=999"]
                build-backend = "setuptools.build_meta"

                [project]
                name = "needsnew"
                version = "0.1.0"
                """,
            ["needsnew.py"] = "ANSWER = 42\n",
        },
        ["fallbacky"] = new Dictionary<string, string>
        {
            // The speed-up is optional, as in many packages: when it does not compile, setuptools carries on without it.
            ["setup.py"] = """
                from setuptools import Extension, setup

                setup(
                    name="fallbacky",
                    version="0.1.0",
                    packages=["fallbacky"],
                    ext_modules=[Extension("fallbacky._speedups", ["fallbacky/_speedups.c"], optional=True)],
                )
                """,
            ["fallbacky/__init__.py"] = """
                try:
                    from ._speedups import total
                except ImportError:
                    def total(values):
                        return sum(values)
                """,
            ["fallbacky/_speedups.c"] = "#include <speedups_config.h>\n",
        },
    };

    private string _root = null!;
    private WheelBuildRun _run = null!;
    private WheelBuildRun _elsewhere = null!;

    [OneTimeSetUp]
    public async Task BuildAsync()
    {
        _root = Path.Combine(SharedWheelBuilds.Root, $"backends-{Guid.NewGuid():N}");
        IReadOnlyList<string> packages = Backends;
        var checkout = ScratchCheckout.Create(Path.Combine(_root, "checkout"), Specs, ["fastsum"], Made, packages);
        _run = await SharedWheelBuilds.RunAsync(checkout, Path.Combine(_root, "state"), [Native, .. Foreign], []);
        // The same wheels from another checkout path into another state directory: every backend's output must not depend on it.
        var other = ScratchCheckout.Create(Path.Combine(_root, "another", "place", "checkout"), Specs, ["fastsum"], Made, packages);
        _elsewhere = await SharedWheelBuilds.RunAsync(other, Path.Combine(_root, "another", "state"), Foreign, [.. packages]);
    }

    [OneTimeTearDown]
    public void RemoveScratch()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    private static readonly string[] Backends = ["scmver", "cyfib", "pyvec", "mesonsum", "cmakesum", "rustsum"];

    private static IEnumerable<TestCaseData> Built() =>
        from wheel in Backends
        from platform in Foreign
        select new TestCaseData(wheel, platform).SetName($"{{m}}({wheel}, {platform})");

    [TestCaseSource(nameof(Built))]
    public void EachIsCrossBuiltWithItsHostToolsAndComputesUnderEmulation(string wheel, string platform)
    {
        var pair = _run.Pair(wheel, platform);
        Assert.That(pair.Outcome, Is.EqualTo(PairOutcome.Built), $"{pair}\n{_run.Output}");
        Assert.That(_run.LogOf(wheel, platform), Does.Contain("verification passed"));
        var machine = platform.Contains("arm64") ? "aarch64" : "arm";
        var extensions = CrossBuiltWheelTests.ElfFilesOf(pair.Output!.WheelFile);
        Assert.That(extensions, Is.Not.Empty);
        Assert.That(extensions.Select(e => e.Path), Has.All.Contain($"-{machine}-linux-gnu"), "the target's extension suffix");
    }

    /// <summary>Not rustsum: an x64 Rust layer and a native PyO3 build would add about 4 minutes to a cold run.</summary>
    private static IEnumerable<TestCaseData> BuiltNatively() =>
        from wheel in Backends.Except(["rustsum"]) select new TestCaseData(wheel).SetName($"{{m}}({wheel})");

    [TestCaseSource(nameof(BuiltNatively))]
    public void EachAlsoBuildsNativelyForX64AndComputes(string wheel)
    {
        var pair = _run.Pair(wheel, Native);
        Assert.That(pair.Outcome, Is.EqualTo(PairOutcome.Built), $"{pair}\n{_run.Output}");
        Assert.That(_run.LogOf(wheel, Native), Does.Contain("verification passed"));
        Assert.That(CrossBuiltWheelTests.ElfFilesOf(pair.Output!.WheelFile).Select(e => e.Path), Has.All.Contain(".cpython-311-x86_64-linux-gnu"));
    }

    private static IEnumerable<TestCaseData> RunChecks() =>
        from check in new[] { ("cmakesum", "-- The probe ran on "), ("mesonsum", "Checking if \"bits in a long\" runs: YES") }
        from platform in Foreign
        select new TestCaseData(check.Item1, platform, check.Item2).SetName($"{{m}}({check.Item1}, {platform})");

    /// <summary>
    /// The wheels' tests check what the run found against the target; the log shows the check ran (cross-compiling, CMake's
    /// try_run and meson's cc.run() refuse to without an emulator, failing the configure step).
    /// </summary>
    [TestCaseSource(nameof(RunChecks))]
    public void AConfigureTimeCheckThatRunsItsProgramRunsItUnderEmulation(string wheel, string platform, string line)
    {
        var log = _run.LogOf(wheel, platform);
        Assert.That(log, Does.Contain(line));
        Assert.That(_run.Pair(wheel, platform).Outcome, Is.EqualTo(PairOutcome.Built), _run.Output);
    }

    [TestCaseSource(nameof(Built))]
    public void EachIsByteIdenticalWhenBuiltFromAnotherCheckoutPath(string wheel, string platform)
    {
        var here = _run.Pair(wheel, platform).Output ?? throw new AssertionException(_run.Output);
        var there = _elsewhere.Pair(wheel, platform).Output ?? throw new AssertionException(_elsewhere.Output);
        Assert.That(there.FileName, Is.EqualTo(here.FileName));
        Assert.That(there.Sha256, Is.EqualTo(here.Sha256));
    }

    [TestCase("linux-arm64-py3.11")]
    [TestCase("linux-armv7-py3.11")]
    public void AGitVersionedPackageBuiltFromATarballGetsTheSpecsVersion(string platform)
    {
        var output = _run.Pair("scmver", platform).Output ?? throw new AssertionException(_run.Output);
        Assert.That(output.FileName, Does.StartWith("scmver-2.3.1-"));
        using var zip = ZipFile.OpenRead(output.WheelFile);
        using var version = new StreamReader(zip.GetEntry("scmver/_version.py")!.Open());
        Assert.That(version.ReadToEnd(), Does.Contain("'2.3.1'").Or.Contain("\"2.3.1\""));
    }

    [TestCase("linux-arm64-py3.11")]
    [TestCase("linux-armv7-py3.11")]
    public void TheCppExtensionLinksTheTargetsLibstdcxx(string platform)
    {
        var output = _run.Pair("pyvec", platform).Output ?? throw new AssertionException(_run.Output);
        Assert.That(CrossBuiltWheelTests.ElfFilesOf(output.WheelFile).Single().Needed, Does.Contain("libstdc++.so.6"));
    }

    [Test]
    public void AnUnmetDeclaredRequirementFailsBeforeTheBackendWithOneLineNamingItAndTheFix()
    {
        var pair = _run.Pair("needsnew", Native);
        Assert.That(pair.Outcome, Is.EqualTo(PairOutcome.Failed));
        Assert.That(pair.Error, Does.Not.Contain("\n").And.Not.Contain("Traceback"));
        Assert.That(pair.Error, Does.StartWith("wheels/specs.yaml:").And.Contain("it requires setuptools>=999")
            .And.Contain("the build environment has setuptools 66.1.1 from Debian bookworm").And.Contain("build_requires: [setuptools==<version>]"));
        Assert.That(_run.LogOf("needsnew", Native), Does.Not.Contain("running egg_info"), "the backend never ran");
    }

    [Test]
    public void ARustCrateDebianDoesNotPackageFailsBeforeCargoRunsNamingItAndItsPackage()
    {
        var pair = _run.Pair("rustmissing", "linux-arm64-py3.11");
        Assert.That(pair.Outcome, Is.EqualTo(PairOutcome.Failed));
        Assert.That(pair.Error, Does.Contain("needs the Rust crate quantum-frobnicator").And.Contain("librust-quantum-frobnicator-dev")
            .And.Not.Contain("pyo3,"), "packaged crates are not named");
        Assert.That(_run.LogOf("rustmissing", "linux-arm64-py3.11"), Does.Not.Contain("cargo rustc"), "cargo never ran");
    }

    [Test]
    public void AWheelThatFellBackToPurePythonIsRefusedWithTheLinesSayingWhy()
    {
        var pair = _run.Pair("fallbacky", Native);
        Assert.That(pair.Outcome, Is.EqualTo(PairOutcome.Failed));
        Assert.That(pair.Error, Does.Contain("was built without its extension; the build fell back to pure Python").And.Contain("pure: true")
            .And.Contain("speedups_config.h"));
        Assert.That(_run.OutputFiles(Native, "fallbacky-*"), Is.Empty);
    }

    [Test]
    public void ABuiltVersionOtherThanTheSpecsIsRefusedNamingBoth()
    {
        var pair = _run.Pair("fastsum", Native);
        Assert.That(pair.Outcome, Is.EqualTo(PairOutcome.Failed));
        Assert.That(pair.Error, Does.Contain("which is fastsum 1.0.0").And.Contain("says fastsum 1.0.1"));
    }
}
