using System.Text.RegularExpressions;
using DockerBuild.Builds;
using DockerBuild.Wheels.Policy;
using NUnit.Framework;

namespace DockerBuild.Tests.Builds;

/// <summary>
/// The shipped C extension fastsum built from the shipped linux-riscv64-py3.14 platform: CPython 3.14 from Debian forky
/// (the testing suite, its apt accepting an expired Release) and the
/// riscv64 architecture in one build, the cheapest that covers both. The wheel is cross-compiled with the target's
/// extension suffix, tagged for riscv64 from the GLIBC versions it needs, and was imported and computed its test's
/// results in a clean forky riscv64 root under QEMU before it became an output.
/// </summary>
[TestFixture]
[Category("Docker")]
[Category("Emulation")]
public sealed class NewSuiteAndArchitectureTests
{
    // One platform is both new things: each further one costs a cold image (about three minutes) and a root in CI.
    private static readonly string[] Platforms = ["linux-riscv64-py3.14"];

    private string _root = null!;
    private WheelBuildRun _run = null!;

    [OneTimeSetUp]
    public async Task BuildAsync()
    {
        _root = Path.Combine(SharedWheelBuilds.Root, $"new-platforms-{Guid.NewGuid():N}");
        var checkout = ScratchCheckout.Create(Path.Combine(_root, "checkout"), ScratchCheckout.ShippedSpecs("fastsum"), ["fastsum"],
            platformNames: Platforms);
        _run = await SharedWheelBuilds.RunAsync(checkout, Path.Combine(_root, "state"), Platforms, []);
    }

    [OneTimeTearDown]
    public void RemoveScratch()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    [TestCase("linux-riscv64-py3.14", "forky riscv64")]
    public void TheWheelComputesUnderEmulationInARootOfItsSuiteAndArchitecture(string platform, string root)
    {
        var pair = _run.Pair("fastsum", platform);
        Assert.That(pair.Outcome, Is.EqualTo(PairOutcome.Built), $"{pair}\n{_run.Output}");
        var log = _run.LogOf("fastsum", platform);
        Assert.That(log, Does.Contain($"({root}, no network)"));
        Assert.That(log, Does.Match(@"imported fastsum from /dockerbuild/verify/[0-9a-f]{32}/site/fastsum"));
        Assert.That(log, Does.Contain("verification passed"));
    }

    [TestCase("linux-riscv64-py3.14", "cp314", "riscv64")]
    public void TheWheelIsForItsPythonAndArchitectureAndTaggedFromTheGlibcItNeeds(string platform, string abi, string machine)
    {
        var output = _run.Pair("fastsum", platform).Output ?? throw new AssertionException(_run.Output);
        var modules = CrossBuiltWheelTests.ElfFilesOf(output.WheelFile);
        Assert.That(modules, Is.Not.Empty);
        Assert.That(modules.Select(e => e.UnameMachine), Has.All.EqualTo(machine));
        Assert.That(modules.Select(e => e.Path), Has.All.Contain($".cpython-{abi[2..]}-{machine}-linux-gnu"));

        var glibc = modules.Select(e => e.HighestGlibc).OfType<Version>().Max()!;
        var level = Math.Max(glibc.Minor, ManylinuxPolicy.Default.MinimumLevel(machine));
        var tags = Regex.Match(output.FileName, $@"-{abi}-{abi}-(?<plat>[a-z0-9_.]+)\.whl$");
        Assert.That(tags.Success, Is.True, output.FileName);
        Assert.That(tags.Groups["plat"].Value.Split('.')[0], Is.EqualTo($"manylinux_2_{level}_{machine}"), $"GLIBC needed: {glibc}");
    }
}
