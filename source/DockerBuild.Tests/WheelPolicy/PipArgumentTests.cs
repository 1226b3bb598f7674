using NUnit.Framework;
using DockerBuild.Tools.Pip;

namespace DockerBuild.Tests.WheelPolicy;

/// <summary>The typed pip settings produce exactly the argument lists pip expects, and refuse combinations pip rejects.</summary>
[TestFixture]
[Category("WheelPolicy")]
public sealed class PipArgumentTests
{
    [Test]
    public void WheelBuildsOffline()
    {
        var settings = new PipWheelSettings
        {
            Requirements = ["/work/src/zcodec"], WheelDirectory = "/work/out", NoDependencies = true, NoBuildIsolation = true, NoIndex = true,
            FindLinks = ["/work/wheels"], ConfigSettings = new Dictionary<string, string> { ["--build-option"] = "--cpu", ["builddir"] = "b" },
        };

        Assert.That(new PipRunner("/usr/bin/python3.11").CommandLine(settings), Is.EqualTo(new[]
        {
            "-m", "pip", "wheel", "--no-index", "--find-links", "/work/wheels", "--no-deps", "--no-build-isolation", "-w", "/work/out",
            "--config-settings", "--build-option=--cpu", "--config-settings", "builddir=b", "/work/src/zcodec",
        }));
    }

    [Test]
    public void DownloadForAForeignPlatform()
    {
        var settings = new PipDownloadSettings
        {
            Requirements = ["numpy==2.1.0"], Destination = "/tmp/d", OnlyBinary = true, NoDependencies = true,
            Platforms = ["manylinux_2_17_aarch64", "manylinux2014_aarch64"], PythonVersion = "3.11", Implementation = "cp", Abis = ["cp311"],
            IndexUrl = "https://index.invalid/simple/",
        };

        Assert.That(settings.Arguments(), Is.EqualTo(new[]
        {
            "download", "--index-url", "https://index.invalid/simple/", "--no-deps", "--only-binary=:all:",
            "--platform", "manylinux_2_17_aarch64", "--platform", "manylinux2014_aarch64",
            "--python-version", "3.11", "--implementation", "cp", "--abi", "cp311", "-d", "/tmp/d", "numpy==2.1.0",
        }));
    }

    [Test]
    public void AForeignDownloadThatCouldBuildSourcesIsRefused()
    {
        var settings = new PipDownloadSettings { Requirements = ["numpy"], Destination = "/d", Platforms = ["win_amd64"] };

        Assert.That(() => settings.Arguments(), Throws.ArgumentException.With.Message.Contains("--only-binary=:all:"));
    }

    [Test]
    public void InstallNeedsExactlyOneDestination()
    {
        var target = new PipInstallSettings { Requirements = ["/w/a.whl"], Target = "/site", NoIndex = true, NoDependencies = true };
        Assert.That(target.Arguments(), Is.EqualTo(new[] { "install", "--no-index", "--no-deps", "--target", "/site", "/w/a.whl" }));

        var prefix = new PipInstallSettings { Requirements = ["a"], Prefix = "/p", FindLinks = ["/w"] };
        Assert.That(prefix.Arguments(), Is.EqualTo(new[] { "install", "--find-links", "/w", "--prefix", "/p", "a" }));

        Assert.That(() => new PipInstallSettings { Requirements = ["a"] }.Arguments(), Throws.ArgumentException.With.Message.Contains("exactly one"));
        Assert.That(() => new PipInstallSettings { Requirements = ["a"], Target = "/t", Prefix = "/p" }.Arguments(), Throws.ArgumentException);
    }

    [Test]
    public void ACommandWithoutRequirementsIsRefused()
        => Assert.That(() => new PipWheelSettings { Requirements = [], WheelDirectory = "/o" }.Arguments(),
            Throws.ArgumentException.With.Message.Contains("pip wheel needs at least one requirement"));

    [Test]
    public async Task TheRunnerRunsPipAndReportsFailureWithPipsOutput()
    {
        var python = await LocalPackageBuilds.PythonAsync();
        var runner = new PipRunner(python);

        var error = await Assert.ThrowsAsync<DockerBuild.Tools.Process.ProcessFailedException>(() => runner.RunAsync(new PipInstallSettings
        {
            Requirements = ["surely-not-a-package-here"], Target = Path.Combine(Path.GetTempPath(), "pip-target-" + Guid.NewGuid().ToString("N")), NoIndex = true,
        }));

        Assert.That(error!.Message, Does.Contain("surely-not-a-package-here").And.Contain("-m pip install --no-index"));
    }
}
