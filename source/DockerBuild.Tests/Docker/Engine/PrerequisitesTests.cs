using DockerBuild.Images.Bases;
using DockerBuild.Platforms;
using DockerBuild.Prerequisites;
using DockerBuild.Tests.Docker.Support;
using DockerBuild.Tools.Engine;
using DockerBuild.Tools.PatchElf;
using NUnit.Framework;

namespace DockerBuild.Tests.Docker.Engine;

/// <summary>
/// The host checks, against the real engine and the real binfmt_misc; failure paths use a host that may not install
/// (not root) and, for emulation, stand-in directories, so the tests never change the machine.
/// </summary>
[TestFixture]
[Category("Docker")]
public sealed class PrerequisitesTests
{
    private static DockerTestEnvironment Env => DockerTestEnvironment.Current;
    private string _temp = "";

    [SetUp]
    public void CreateTemp() => _temp = Directory.CreateTempSubdirectory("dockerbuild-prereq-").FullName;

    [TearDown]
    public void RemoveTemp() => Directory.Delete(_temp, recursive: true);

    private static readonly HostFacts NotRoot = HostFacts.Detect() with { IsRoot = false, IsDebianFamily = true };

    private static PlatformSpec Arm64Debian() => new()
    {
        Name = "linux-arm64-py3.11", Kind = PlatformKind.Linux, Python = "3.11", WheelAbi = "cp311", WheelPlat = ["manylinux_2_36_aarch64"],
        CipdPlatform = "linux-arm64", Qemu = "aarch64", CrossTriple = "aarch64-linux-gnu",
        Base = new BaseSpec { Debian = new DebianBase { Suite = "bookworm", Architecture = "arm64" } },
    };

    [Test]
    public async Task AllPresentIsOneLineNamingWhatWasFound()
    {
        var console = new PlainConsole();
        var version = await Env.Engine.GetVersionAsync(CancellationToken.None);
        // The engine the suite runs against (DOCKER_HOST's, or the default socket): the line names where it answered.

        var findings = await new HostPrerequisites(Env.Engine, NotRoot, _temp, console.Console)
            .EnsureAsync([Arm64Debian()], [DebianBootstrap.Mmdebstrap, PatchElfCli.Tool]);

        Assert.That(findings.All(f => f.Satisfied), Is.True);
        Assert.That(console.Text.TrimEnd('\n').Split('\n'), Has.Length.EqualTo(1));
        Assert.That(console.Text, Does.Contain($"Docker {version.ServerVersion}").And.Contain($"at {Env.Engine.Endpoint}")
            .And.Contain("aarch64 enabled").And.Contain("mmdebstrap at").And.Contain("patchelf at"));
    }

    [TestCase(false, "not running as root")]
    [TestCase(true, "need a decision")]
    public async Task UnreachableEngineOnAnotherSocketIsNeverStartedButExplained(bool root, string why)
    {
        var socket = Path.Combine(_temp, "docker.sock");
        using var engine = ContainerEngine.AtUnixSocket(socket);
        var console = new PlainConsole();

        var error = await Assert.ThrowsAsync<PrerequisiteException>(() =>
            new HostPrerequisites(engine, NotRoot with { IsRoot = root }, _temp, console.Console).EnsureAsync([]));

        Assert.That(error!.Message, Does.Contain($"no Docker engine answers at unix://{socket}").And.Contain(why)
            .And.Contain($"dockerd -H unix://{socket} --data-root").And.Contain(Path.Combine(_temp, "logs", "dockerd.log")));
        Assert.That(console.Text, Is.Empty, "nothing was started");
    }

    [Test]
    public async Task UnmountedBinfmtAndMissingQemuListTheCommands()
    {
        var host = NotRoot with { BinfmtMiscDirectory = Path.Combine(_temp, "binfmt_misc"), QemuDirectory = Path.Combine(_temp, "bin") };

        var error = await Assert.ThrowsAsync<PrerequisiteException>(() =>
            new HostPrerequisites(Env.Engine, host, _temp, new PlainConsole().Console).EnsureAsync([Arm64Debian()]));

        Assert.That(error!.Message, Does.Contain("sudo apt-get install -y --no-install-recommends qemu-user-static")
            .And.Contain($"sudo mount -t binfmt_misc binfmt_misc {host.BinfmtMiscDirectory}")
            .And.Contain("sudo update-binfmts --enable qemu-aarch64"));
    }

    [Test]
    public async Task DisabledHandlerIsReportedAndOnlyItNeedsEnabling()
    {
        var binfmt = Directory.CreateDirectory(Path.Combine(_temp, "binfmt_misc")).FullName;
        await File.WriteAllTextAsync(Path.Combine(binfmt, "status"), "enabled\n");
        await File.WriteAllTextAsync(Path.Combine(binfmt, "qemu-aarch64"), "disabled\ninterpreter /usr/libexec/qemu-binfmt/aarch64-binfmt-P\nflags: PF\n");
        var host = NotRoot with { BinfmtMiscDirectory = binfmt };

        var error = await Assert.ThrowsAsync<PrerequisiteException>(() =>
            new HostPrerequisites(Env.Engine, host, _temp, new PlainConsole().Console).EnsureAsync([Arm64Debian()]));

        Assert.That(error!.Message, Does.Contain("emulation aarch64 not enabled").And.Contain("sudo update-binfmts --enable qemu-aarch64"));
        Assert.That(error.Message, Does.Not.Contain("mount -t binfmt_misc").And.Not.Contain("apt-get"));
    }
}
