using DockerBuild.Builds;
using NUnit.Framework;

namespace DockerBuild.Tests.Builds;

/// <summary>
/// One extension of several C files, cross-built for arm64 with its objects compiled side by side and again one after
/// another: the parallel build says so in its log, both wheels compute under QEMU, and their bytes are identical.
/// </summary>
[TestFixture]
[Category("Docker")]
[Category("Emulation")]
public sealed class ParallelCompileTests
{
    private const string Platform = "linux-arm64-py3.11";

    private const string Specs = """
        wheels:
          - name: multisum
            version: 1.0.0
            kind: Local
            source:
              kind: local
              path: local/multisum
            test: |
              import math
              import multisum
              assert multisum.sum_range(100000) == 5000050000
              assert multisum.factorial_mod(20, 1000000007) == math.factorial(20) % 1000000007
              assert multisum.poly([2, -3, 0, 5], 7) == 2 * 343 - 3 * 49 + 5

        """;

    private string _root = null!;
    private WheelBuildRun _parallel = null!;
    private WheelBuildRun _serial = null!;

    [OneTimeSetUp]
    public async Task BuildBothWaysAsync()
    {
        _root = Path.Combine(SharedWheelBuilds.Root, $"parallel-{Guid.NewGuid():N}");
        var checkout = ScratchCheckout.Create(Path.Combine(_root, "checkout"), Specs, [], testPackages: ["multisum"]);
        _parallel = await SharedWheelBuilds.RunAsync(checkout, Path.Combine(_root, "parallel"), [Platform], [], buildJobs: 2);
        _serial = await SharedWheelBuilds.RunAsync(checkout, Path.Combine(_root, "serial"), [Platform], [], buildJobs: 1);
    }

    [OneTimeTearDown]
    public void RemoveScratch()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    [Test]
    public void TheObjectsAreCompiledSideBySideAndTheWheelComputes()
    {
        Assert.That(_parallel.Pair("multisum", Platform).Outcome, Is.EqualTo(PairOutcome.Built), _parallel.Output);
        var log = _parallel.LogOf("multisum", Platform);
        Assert.That(log, Does.Contain("dockerbuild: compiling 4 objects, 2 at a time").And.Contain("verification passed"));
        Assert.That(_serial.LogOf("multisum", Platform), Does.Not.Contain("at a time"));
    }

    [Test]
    public void ParallelAndSerialBuildsAreByteIdentical()
    {
        var parallel = _parallel.Pair("multisum", Platform).Output ?? throw new AssertionException(_parallel.Output);
        var serial = _serial.Pair("multisum", Platform).Output ?? throw new AssertionException(_serial.Output);
        Assert.That(parallel.Sha256, Is.EqualTo(serial.Sha256));
    }
}
