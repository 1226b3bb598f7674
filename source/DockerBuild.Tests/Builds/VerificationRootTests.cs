using DockerBuild.Builds.Verification;
using DockerBuild.Images;
using DockerBuild.Tools.Engine;
using DockerBuild.Tools.Process;
using NUnit.Framework;

namespace DockerBuild.Tests.Builds;

/// <summary>
/// The bookworm arm64 root wheels are verified in, as a check meets it under QEMU: its packages unpacked, never
/// configured, yet a system a check can run in (a merged /usr, the nobody account), and its standard library's bytecode
/// is read as it is, not compiled again, and names the files where the root has them, whoever compiled it.
/// </summary>
[TestFixture]
[Category("Docker")]
[Category("Emulation")]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class VerificationRootTests
{
    private string _root = null!;
    private string _state = null!;

    [OneTimeSetUp]
    public async Task MakeRootAsync()
    {
        _state = Directory.CreateTempSubdirectory("dockerbuild-rootfs-test-").FullName;
        using var engine = ContainerEngine.FromEnvironment();
        _root = await VerificationRootfs.EnsureAsync("bookworm", "arm64", [], new ImageSettings { StateDirectory = _state }, engine,
            TestContext.Progress, CancellationToken.None);
    }

    [OneTimeTearDown]
    public void RemoveState() => Directory.Delete(_state, recursive: true);

    [Test]
    public async Task ItsPythonReadsTheBytecodeMadeOnceAndItNamesTheRootsOwnFiles()
    {
        var run = await RunAsync("-e", "PYTHONDONTWRITEBYTECODE=1", _root, "python3", "-v", "-c",
            "import json, platform; print(platform.machine(), json.loads.__code__.co_filename)");
        Assert.That(run.ExitCode, Is.Zero, run.StandardError);
        Assert.That(run.StandardOutput.Trim(), Is.EqualTo("aarch64 /usr/lib/python3.11/json/__init__.py"));
        Assert.That(run.StandardError, Does.Contain("code object from '/usr/lib/python3.11/json/__pycache__/__init__.cpython-311.pyc'"),
            "json came from the root's bytecode, not compiled again under QEMU");
    }

    [Test]
    public async Task ItIsASystemACheckCanRunInAsNobody()
    {
        var run = await RunAsync("--user", "65534:65534", _root, "/bin/sh", "-c", "readlink /bin /lib; id -un; python3 -c 'print(6 * 7)'");
        Assert.That(run.ExitCode, Is.Zero, run.StandardError);
        Assert.That(run.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries), Is.EqualTo(new[] { "usr/bin", "usr/lib", "nobody", "42" }));
    }

    private static Task<ProcessResult> RunAsync(params string[] arguments) => ProcessRunner.RunAsync(new ProcessSpec
    {
        FileName = "docker",
        Arguments = ["run", "--rm", "--network", "none", .. arguments],
    }, CancellationToken.None);
}
