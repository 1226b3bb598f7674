using DockerBuild.Images.Recipe;
using DockerBuild.Run;
using DockerBuild.Tools.Process;
using NUnit.Framework;

namespace DockerBuild.Tests.Images;

/// <summary>
/// The image's entrypoint and host script as shipped (read from the assembly, as the recipe reads them), run with the
/// host's shells: they parse, and the entrypoint's command path behaves as a container relies on. Inside a real image
/// they are run by ImageGenerationTests.
/// </summary>
[TestFixture]
[Category("Images")]
public sealed class EntrypointScriptsTests
{
    private string _directory = "";

    [SetUp]
    public void WriteScripts()
    {
        _directory = Directory.CreateTempSubdirectory("dockerbuild-scripts-").FullName;
        File.WriteAllText(Path.Combine(_directory, "entrypoint"), EntrypointScripts.Entrypoint);
        File.WriteAllText(Path.Combine(_directory, "dockcross-script"), EntrypointScripts.HostScriptFor("dockerbuild/linux-arm64-py3.11:key"));
    }

    [TearDown]
    public void RemoveScripts() => Directory.Delete(_directory, recursive: true);

    private Task<ProcessResult> RunAsync(string shell, string script, IReadOnlyList<string> arguments, Dictionary<string, string?>? environment = null) =>
        ProcessRunner.RunAsync(new ProcessSpec
        {
            FileName = shell, Arguments = [Path.Combine(_directory, script), .. arguments], WorkingDirectory = _directory,
            Environment = environment ?? new Dictionary<string, string?>(),
        });

    [TestCase("sh", "entrypoint", "#!/bin/sh")]
    [TestCase("bash", "dockcross-script", "#!/usr/bin/env bash")]
    public async Task Each_script_parses_with_the_shell_its_first_line_names(string shell, string script, string shebang)
    {
        var text = await File.ReadAllTextAsync(Path.Combine(_directory, script));
        Assert.That(text.Split('\n')[0], Is.EqualTo(shebang));

        var check = await ProcessRunner.RunAsync(new ProcessSpec { FileName = shell, Arguments = ["-n", Path.Combine(_directory, script)] });

        Assert.That(check.ExitCode, Is.Zero, $"{shell} -n {script}: {check.StandardError}");
    }

    [Test]
    public async Task The_entrypoint_runs_the_command_with_its_arguments_as_given()
    {
        var result = await RunAsync("sh", "entrypoint", ["printf", "[%s]\\n", "two words", "", "$HOME", "*"]);

        Assert.That(result.ExitCode, Is.Zero, result.StandardError);
        Assert.That(result.StandardOutput, Is.EqualTo("[two words]\n[]\n[$HOME]\n[*]\n"), "no word splitting, expansion or globbing of the command");
    }

    [Test]
    public async Task A_user_whose_home_cannot_be_written_gets_a_writable_one_and_a_writable_home_is_kept()
    {
        var missing = Path.Combine(_directory, "no-such-home");
        var uid = InvokingUser.UidGid.Split(':')[0];
        const string show = "echo \"$HOME\"; test -d \"$HOME\" && test -w \"$HOME\" && echo writable";

        var moved = await RunAsync("sh", "entrypoint", ["sh", "-c", show], new() { ["HOME"] = missing });
        var kept = await RunAsync("sh", "entrypoint", ["sh", "-c", show], new() { ["HOME"] = _directory });

        Assert.That(moved.StandardOutput, Is.EqualTo($"/tmp/home-{uid}\nwritable\n"), moved.StandardError);
        Assert.That(kept.StandardOutput, Is.EqualTo($"{_directory}\nwritable\n"), kept.StandardError);
    }

    [Test]
    public async Task The_host_script_names_its_image_and_explains_its_options()
    {
        var help = await RunAsync("bash", "dockcross-script", ["--help"]);

        Assert.That(help.ExitCode, Is.Zero, help.StandardError);
        Assert.That(help.StandardOutput, Does.Contain("dockcross-<platform> [options] [--] command [args...]")
            .And.Contain("--image IMAGE").And.Contain("--env K=V").And.Contain("--pass-env K").And.Contain("DOCKERBUILD_IMAGE"));
        Assert.That(await File.ReadAllTextAsync(Path.Combine(_directory, "dockcross-script")),
            Does.Contain("dockerbuild/linux-arm64-py3.11:key").And.Not.Contain(EntrypointScripts.ImagePlaceholder));
    }

    [Test]
    public void The_entrypoint_prints_the_host_script_from_where_the_recipe_installs_it_with_the_placeholder_it_replaces()
    {
        Assert.That(EntrypointScripts.Entrypoint, Does.Contain(EntrypointScripts.HostScriptPath).And.Contain(EntrypointScripts.ImagePlaceholder));
        Assert.That(EntrypointScripts.HostScriptTemplate, Does.Contain(EntrypointScripts.ImagePlaceholder));
    }
}
