using DockerBuild.Builds;
using DockerBuild.Builds.Preparation;
using DockerBuild.Images.Bases;
using DockerBuild.Prerequisites;
using DockerBuild.Sources.Acquisition;
using DockerBuild.Tests.Docker.Support;
using DockerBuild.Tools.Cipd.Cli;
using DockerBuild.Tools.Engine;
using DockerBuild.Tools.PatchElf;
using DockerBuild.Tools.Pip;
using DockerBuild.Tools.Process;
using NUnit.Framework;

namespace DockerBuild.Tests.Prerequisites;

/// <summary>
/// A host program the plan needs but the host lacks: installed as root on Debian, otherwise an error that names the
/// program, its package and the command to run. The host searched is a stand-in directory, so nothing is installed
/// and no engine is needed (the engine's socket is one nobody listens on).
/// </summary>
[TestFixture]
[Category("Data")]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class HostToolPrerequisitesTests
{
    private string _temp = "";
    private string _bin = "";

    [SetUp]
    public void CreateTemp()
    {
        _temp = Directory.CreateTempSubdirectory("dockerbuild-hosttools-").FullName;
        _bin = Directory.CreateDirectory(Path.Combine(_temp, "bin")).FullName;
    }

    [TearDown]
    public void RemoveTemp() => Directory.Delete(_temp, recursive: true);

    private HostFacts Host(bool root, bool debian) => new() { IsRoot = root, IsDebianFamily = debian, ProgramDirectories = [_bin] };

    private Task<PrerequisiteException> FailureAsync(HostFacts host, params HostTool[] tools) => FailureAsync(host, usesEngine: true, tools);

    private async Task<PrerequisiteException> FailureAsync(HostFacts host, bool usesEngine, params HostTool[] tools)
    {
        using var engine = ContainerEngine.AtUnixSocket(Path.Combine(_temp, "docker.sock"));
        var console = new PlainConsole();
        var error = await Assert.ThrowsAsync<PrerequisiteException>(() =>
            new HostPrerequisites(engine, host, _temp, console.Console).EnsureAsync([], tools, usesEngine: usesEngine));
        Assert.That(console.Text, Is.Empty, "nothing was installed");
        return error!;
    }

    [Test]
    public async Task Missing_patchelf_and_patch_as_a_user_names_them_their_packages_and_the_sudo_command()
    {
        var error = await FailureAsync(Host(root: false, debian: true), PatchElfCli.Tool, PatchApplication.Patch);

        Assert.That(error.Message, Does.Contain("not running as root")
            .And.Contain("patchelf (Debian package patchelf;").And.Contain("patch (Debian package patch;")
            .And.Contain("sudo apt-get install -y --no-install-recommends patchelf patch"));
    }

    [Test]
    public async Task Missing_tool_on_a_host_that_is_not_debian_names_the_debian_package_to_find_the_equivalent_of()
    {
        var error = await FailureAsync(Host(root: true, debian: false), DebianBootstrap.Mmdebstrap);

        Assert.That(error.Message, Does.Contain("not Debian-based").And.Contain("mmdebstrap (Debian package mmdebstrap;")
            .And.Contain("apt-get install -y --no-install-recommends mmdebstrap"));
    }

    [Test]
    public async Task The_cipd_client_is_never_installed_even_as_root_but_explained()
    {
        var error = await FailureAsync(Host(root: true, debian: true), CipdCli.Tool);

        Assert.That(error.Message, Does.Contain("cipd (not packaged by Debian; it talks to the CIPD service named by --cipd-service)")
            .And.Contain("install the cipd client"));
    }

    [Test]
    public async Task A_run_that_starts_no_container_reports_a_missing_git_and_nothing_about_the_engine()
    {
        var error = await FailureAsync(Host(root: false, debian: true), usesEngine: false, GitSourceFetcher.Tool);

        Assert.That(error.Message, Does.Contain("git (Debian package git; it fetches the wheel sources of kind git)")
            .And.Contain("sudo apt-get install -y --no-install-recommends git")
            .And.Not.Contain("docker").And.Not.Contain("Docker"));
    }

    [Test]
    public async Task A_run_that_starts_no_container_passes_with_its_tools_although_no_engine_answers()
    {
        var git = Path.Combine(_bin, "git");
        await File.WriteAllTextAsync(git, "#!/bin/sh\nexit 0\n");
        File.SetUnixFileMode(git, (UnixFileMode)0b111_101_101);
        using var engine = ContainerEngine.AtUnixSocket(Path.Combine(_temp, "docker.sock"));

        var findings = await new HostPrerequisites(engine, Host(root: false, debian: true), _temp, new PlainConsole().Console)
            .EnsureAsync([], [GitSourceFetcher.Tool], usesEngine: false);

        Assert.That(findings.Select(f => f.Found), Does.Contain($"git at {git}").And.Contain("no Docker engine needed"));
    }

    [Test]
    public async Task A_python3_without_pip_counts_as_missing_so_pip_gets_installed()
    {
        var fake = Path.Combine(_bin, "python3");
        await File.WriteAllTextAsync(fake, "#!/bin/sh\necho 'No module named pip' >&2\nexit 1\n");
        File.SetUnixFileMode(fake, (UnixFileMode)0b111_101_101);

        var finding = await new HostToolsCheck(Host(root: false, debian: true), [PipRunner.HostPython]).CheckAsync(CancellationToken.None);

        Assert.That(finding.Satisfied, Is.False);
        Assert.That(finding.Remedies.Single().UserCommand(isRoot: false), Does.Contain("python3-pip"));
    }

    [Test]
    public async Task Tools_that_are_present_are_named_where_they_were_found()
    {
        var tar = DebianBaseImage.Tar.Locate() ?? throw new InconclusiveException("no tar on this host");

        var finding = await new HostToolsCheck(HostFacts.Detect(), [DebianBaseImage.Tar]).CheckAsync(CancellationToken.None);

        Assert.That(finding.Satisfied, Is.True);
        Assert.That(finding.Found, Is.EqualTo($"tar at {tar}"));
    }

    [Test]
    public void A_step_that_finds_its_tool_missing_says_the_same_as_prerequisites()
    {
        var error = Assert.Throws<HostToolMissingException>(() => (PatchElfCli.Tool with { Program = "patchelf-absent" }).LocateOrThrow());

        Assert.That(error!.Message, Does.Contain("patchelf-absent is not on PATH").And.Contain("apt-get install patchelf"));
    }
}
