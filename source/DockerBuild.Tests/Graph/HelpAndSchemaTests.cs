using System.Text.Json;
using DockerBuild.Graph;
using NUnit.Framework;

namespace DockerBuild.Tests.Graph;

[TestFixture]
[Category("Graph")]
public sealed class HelpAndSchemaTests
{
    private BuildRoot _root = null!;

    [SetUp]
    public void SetUp() => _root = new BuildRoot();

    [TearDown]
    public void TearDown() => _root.Dispose();

    [Test]
    public void Help_lists_listed_targets_with_default_dependencies_and_descriptions()
    {
        var run = _root.Run<OrderingBuild>(["--help"], null, x => x.BuildWheel);
        var lines = run.Output.Split('\n').Select(l => l.TrimEnd()).ToList();

        Assert.That(run.ExitCode, Is.EqualTo(0));
        Assert.That(run.Output, Does.StartWith("Targets (with their direct dependencies):"));
        Assert.That(lines, Has.Some.Match(@"^  BuildWheel \(default\) +-> C$"));
        Assert.That(lines, Has.Some.Match(@"^  D +-> F$"), "DependentFor shows as a dependency of D");
        Assert.That(lines, Has.Some.Match(@"^ +Builds the wheel$"));
        Assert.That(run.Output, Does.Not.Contain("Hidden"));
        Assert.That(run.Summary, Is.Empty, "help runs nothing");
    }

    [Test]
    public void Help_lists_custom_parameters_first_then_built_ins_with_allowed_values_and_defaults()
    {
        var run = _root.Run<ParameterBuild>(["-h"], new() { ["REGISTRY_PASSWORD"] = "env-secret-value" });
        var output = run.Output;

        Assert.That(output, Does.Contain("--platform <value>...").And.Contain("Platforms: exact name or arch prefix."));
        Assert.That(output, Does.Contain("--state-dir <value>").And.Contain("State directory. Default: .dockerbuild."));
        Assert.That(output, Does.Contain("--channel <value>").And.Contain("Allowed: stable, beta, nightly. Default: stable."));
        Assert.That(output, Does.Contain("--registry-login <value>"));
        Assert.That(output, Does.Contain("--verbosity <value>").And.Contain("Allowed: quiet, minimal, normal, verbose."));
        Assert.That(output.IndexOf("--state-dir", StringComparison.Ordinal), Is.LessThan(output.IndexOf("--continue", StringComparison.Ordinal)));
        foreach (var builtIn in new[] { "--root", "--skip", "--continue", "--plan", "--profile", "--target", "--help, -h" })
            Assert.That(output, Does.Contain(builtIn));
        Assert.That(output, Does.Contain("--registry-password <value>").And.Contain("Secret: never printed."));
        Assert.That(output, Does.Not.Contain("initial-secret-from-code").And.Not.Contain("env-secret-value"));
    }

    [Test]
    public void Every_run_writes_the_schema_with_targets_parameters_and_no_secret_defaults()
    {
        _root.Run<ParameterBuild>(["show"], new() { ["REGISTRY_PASSWORD"] = "env-secret-value" });
        var text = File.ReadAllText(_root.NukeFile("build.schema.json"));
        using var schema = JsonDocument.Parse(text);
        var definitions = schema.RootElement.GetProperty("definitions");
        var properties = definitions.GetProperty("Build").GetProperty("properties");

        Assert.That(definitions.GetProperty("ExecutableTarget").GetProperty("enum").EnumerateArray().Select(e => e.GetString()),
            Is.EqualTo(new[] { "Show", "ShowList", "Leak", "Publish", "Positive", "Run" }));
        Assert.That(properties.GetProperty("StateDir").GetProperty("type").GetString(), Is.EqualTo("string"));
        Assert.That(properties.GetProperty("StateDir").GetProperty("description").GetString(), Is.EqualTo("State directory"));
        Assert.That(properties.GetProperty("StateDir").GetProperty("default").GetString(), Is.EqualTo(".dockerbuild"));
        Assert.That(properties.GetProperty("Jobs").GetProperty("type").GetString(), Is.EqualTo("integer"));
        Assert.That(properties.GetProperty("Platform").GetProperty("type").GetString(), Is.EqualTo("array"));
        Assert.That(properties.GetProperty("Channel").GetProperty("$ref").GetString(), Is.EqualTo("#/definitions/Channel"));
        Assert.That(definitions.GetProperty("Channel").GetProperty("enum").EnumerateArray().Select(e => e.GetString()),
            Is.EqualTo(new[] { "Stable", "Beta", "Nightly" }));
        Assert.That(properties.GetProperty("RegistryLogin").GetProperty("type").GetString(), Is.EqualTo("string"));
        Assert.That(properties.GetProperty("Skip").GetProperty("items").GetProperty("$ref").GetString(), Is.EqualTo("#/definitions/ExecutableTarget"));
        Assert.That(properties.GetProperty("Verbosity").GetProperty("$ref").GetString(), Is.EqualTo("#/definitions/Verbosity"));

        var password = properties.GetProperty("RegistryPassword");
        Assert.That(password.GetProperty("secret").GetBoolean(), Is.True);
        Assert.That(password.TryGetProperty("default", out _), Is.False);
        Assert.That(text, Does.Not.Contain("initial-secret-from-code").And.Not.Contain("env-secret-value"));
    }

    [Test]
    public void The_schema_is_regenerated_when_the_run_fails_early()
    {
        File.WriteAllText(_root.NukeFile("build.schema.json"), "stale");

        var run = _root.Run<ParameterBuild>(["nope"]);

        Assert.That(run.ExitCode, Is.EqualTo(BuildRunner.InvalidInvocation));
        Assert.That(File.ReadAllText(_root.NukeFile("build.schema.json")), Does.Contain("\"ExecutableTarget\""));
    }

    [Test]
    public void Parameters_json_is_created_pointing_at_the_schema_only_when_missing()
    {
        _root.Run<OrderingBuild>(["a"]);
        using (var created = JsonDocument.Parse(File.ReadAllText(_root.NukeFile("parameters.json"))))
            Assert.That(created.RootElement.GetProperty("$schema").GetString(), Is.EqualTo("./build.schema.json"));

        const string existing = """{ "$schema": "./build.schema.json", "Verbosity": "Minimal" }""";
        _root.WriteNukeFile("parameters.json", existing);
        _root.Run<OrderingBuild>(["a"]);

        Assert.That(File.ReadAllText(_root.NukeFile("parameters.json")), Is.EqualTo(existing));
    }

    [Test]
    public void The_root_is_found_by_walking_up_to_the_directory_holding_nuke()
    {
        var nested = Directory.CreateDirectory(Path.Combine(_root.Path, "source", "deep")).FullName;
        using var output = new StringWriter();

        var exitCode = BuildRunner.Run<ContinueBuild>(new BuildInvocation
        {
            Arguments = ["prepare"],
            WorkingDirectory = nested,
            Output = output,
        });

        Assert.That(exitCode, Is.EqualTo(0), output.ToString());
        Assert.That(File.Exists(_root.NukeFile("build.schema.json")), Is.True);
        Assert.That(File.Exists(Path.Combine(nested, ".nuke", "build.schema.json")), Is.False);
    }

    [Test]
    public void Without_a_nuke_directory_the_error_says_to_pass_root()
    {
        var bare = Directory.CreateTempSubdirectory("graph-bare-").FullName;
        try
        {
            using var output = new StringWriter();
            var exitCode = BuildRunner.Run<ContinueBuild>(new BuildInvocation { Arguments = ["prepare"], WorkingDirectory = bare, Output = output });

            Assert.That(exitCode, Is.EqualTo(BuildRunner.InvalidInvocation));
            Assert.That(output.ToString(), Does.Contain("holds a .nuke/ directory. Pass --root <directory>."));
        }
        finally
        {
            Directory.Delete(bare, recursive: true);
        }
    }
}
