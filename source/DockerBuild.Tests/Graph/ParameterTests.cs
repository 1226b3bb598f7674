using DockerBuild.Graph;
using NUnit.Framework;

namespace DockerBuild.Tests.Graph;

[TestFixture]
[Category("Graph")]
public sealed class ParameterTests
{
    private const string Secret = "hunter2-very-secret";
    private BuildRoot _root = null!;

    [SetUp]
    public void SetUp() => _root = new BuildRoot();

    [TearDown]
    public void TearDown() => _root.Dispose();

    private BuildRun Show(string[] args, Dictionary<string, string?>? environment = null) =>
        _root.Run<ParameterBuild>(["show", .. args], environment);

    [Test]
    public void Defaults_from_the_build_class_apply_when_nothing_sets_a_parameter()
    {
        var run = Show([]);

        Assert.That(run.Output, Does.Contain("state-dir=.dockerbuild jobs=3 rebuild=False channel=Stable limit=none login=none"));
        Assert.That(run.Output, Does.Contain("platform=[]"));
    }

    [Test]
    public void Command_line_beats_environment_beats_profile_beats_parameters_json()
    {
        _root.WriteNukeFile("parameters.json", """{ "$schema": "./build.schema.json", "StateDir": "from-json", "Jobs": 7 }""");
        _root.WriteNukeFile("parameters.ci.json", """{ "StateDir": "from-profile" }""");
        var environment = new Dictionary<string, string?> { ["STATE_DIR"] = "from-env" };

        Assert.That(Show([]).Output, Does.Contain("state-dir=from-json jobs=7"));
        Assert.That(Show(["--profile", "ci"]).Output, Does.Contain("state-dir=from-profile jobs=7"));
        Assert.That(Show(["--profile", "ci"], environment).Output, Does.Contain("state-dir=from-env jobs=7"));
        Assert.That(Show(["--profile", "ci", "--state-dir", "from-cli"], environment).Output, Does.Contain("state-dir=from-cli jobs=7"));
    }

    [Test]
    public void Later_profiles_win_over_earlier_ones()
    {
        _root.WriteNukeFile("parameters.one.json", """{ "StateDir": "one", "Jobs": 1 }""");
        _root.WriteNukeFile("parameters.two.json", """{ "StateDir": "two" }""");

        Assert.That(Show(["--profile", "one", "two"]).Output, Does.Contain("state-dir=two jobs=1"));
    }

    [Test]
    public void A_missing_profile_is_an_error_naming_the_file_and_the_profiles_that_exist()
    {
        _root.WriteNukeFile("parameters.ci.json", "{}");

        var run = Show(["--profile", "cj"]);

        Assert.That(run.ExitCode, Is.EqualTo(BuildRunner.InvalidInvocation));
        Assert.That(run.Output, Does.Contain("parameters.cj.json does not exist").And.Contain("Available profiles: ci"));
    }

    [Test]
    public void Environment_accepts_upper_snake_and_the_member_name_in_any_case()
    {
        Assert.That(Show([], new() { ["STATE_DIR"] = "snake" }).Output, Does.Contain("state-dir=snake"));
        Assert.That(Show([], new() { ["statedir"] = "lower" }).Output, Does.Contain("state-dir=lower"));
    }

    [Test]
    public void Lists_take_several_values_and_repeated_options()
    {
        Assert.That(Show(["--platform", "manylinux-x64", "linux-arm64", "--platform", "linux-armv7"]).Output,
            Does.Contain("platform=[manylinux-x64|linux-arm64|linux-armv7]"));
        Assert.That(Show([], new() { ["PLATFORM"] = "a,b c" }).Output, Does.Contain("platform=[a|b|c]"));
        _root.WriteNukeFile("parameters.json", """{ "Platform": ["x", "y"] }""");
        Assert.That(Show([]).Output, Does.Contain("platform=[x|y]"));
    }

    [Test]
    public void Options_also_take_an_inline_value()
    {
        Assert.That(Show(["--state-dir=inline", "--jobs=9"]).Output, Does.Contain("state-dir=inline jobs=9"));
    }

    [Test]
    public void A_list_passed_to_the_log_is_one_value_joined_with_commas()
    {
        var run = _root.Run<ParameterBuild>(["show-list", "--platform", "a", "b"]);

        Assert.That(run.Output, Does.Contain("list a, b of 2"));
    }

    [Test]
    public void Booleans_are_bare_flags_or_take_true_and_false()
    {
        Assert.That(Show(["--rebuild"]).Output, Does.Contain("rebuild=True"));
        Assert.That(Show(["--rebuild", "false"]).Output, Does.Contain("rebuild=False"));
        Assert.That(Show([], new() { ["REBUILD"] = "true" }).Output, Does.Contain("rebuild=True"));
    }

    [Test]
    public void Enums_nullables_and_name_overrides_are_converted()
    {
        var run = Show(["--channel", "nightly", "--limit", "4", "--registry-login", "bob"]);

        Assert.That(run.Output, Does.Contain("channel=Nightly limit=4 login=bob"));
    }

    [Test]
    public void A_bad_enum_value_lists_the_allowed_values()
    {
        var run = Show(["--channel", "alpha"]);

        Assert.That(run.ExitCode, Is.EqualTo(BuildRunner.InvalidInvocation));
        Assert.That(run.Output, Does.Contain("Invalid value 'alpha' for --channel (command line --channel): allowed values are stable, beta, nightly."));
        Assert.That(run.Summary, Is.Empty);
    }

    [Test]
    public void A_bad_number_names_the_parameter_and_where_it_came_from()
    {
        var run = Show([], new() { ["JOBS"] = "many" });

        Assert.That(run.ExitCode, Is.EqualTo(BuildRunner.InvalidInvocation));
        Assert.That(run.Output, Does.Contain("Invalid value 'many' for --jobs (environment variable JOBS): expected a whole number."));
    }

    [TestCase("--stat-dir", "--state-dir")]
    [TestCase("--verbose", "--verbosity")]
    [TestCase("--registry-pass", "--registry-password")]
    public void An_unknown_option_suggests_the_closest_parameter(string given, string suggested)
    {
        var run = Show([given, "x"]);

        Assert.That(run.ExitCode, Is.EqualTo(BuildRunner.InvalidInvocation));
        Assert.That(run.Output, Does.Contain($"Unknown option '{given}'. Did you mean {suggested}?"));
    }

    [Test]
    public void An_unknown_option_unlike_any_parameter_gets_no_suggestion()
    {
        var run = Show(["--zzz"]);

        Assert.That(run.Output, Does.Contain("Unknown option '--zzz'. See --help for the parameters."));
    }

    [Test]
    public void An_unknown_key_in_parameters_json_is_an_error_naming_file_and_key()
    {
        _root.WriteNukeFile("parameters.json", """{ "StateDirectory": "x" }""");

        var run = Show([]);

        Assert.That(run.ExitCode, Is.EqualTo(BuildRunner.InvalidInvocation));
        Assert.That(run.Output, Does.Contain("Unknown parameter \"StateDirectory\" in .nuke/parameters.json. Did you mean \"StateDir\"?"));
    }

    [Test]
    public void Verbosity_can_come_from_parameters_json()
    {
        _root.WriteNukeFile("parameters.json", """{ "Verbosity": "Quiet" }""");

        Assert.That(Show([]).Output, Does.Not.Contain("state-dir="));
    }

    [Test]
    public void Requires_fails_before_any_target_runs_naming_the_parameter_and_how_to_set_it()
    {
        var run = _root.Run<ParameterBuild>(["show", "publish"]);

        Assert.That(run.ExitCode, Is.EqualTo(BuildRunner.InvalidInvocation));
        Assert.That(run.Output, Does.Contain("Target 'Publish' requires --limit").And.Contain("environment variable LIMIT"));
        Assert.That(run.Output, Does.Contain("Target 'Publish' requires --platform"));
        Assert.That(run.Output, Does.Not.Contain("state-dir="), "no target may run");
    }

    [Test]
    public void Requires_is_satisfied_by_a_value_and_reports_a_false_condition()
    {
        Assert.That(_root.Run<ParameterBuild>(["publish", "--limit", "1", "--platform", "p"]).ExitCode, Is.EqualTo(0));

        var condition = _root.Run<ParameterBuild>(["positive"]);
        Assert.That(condition.ExitCode, Is.EqualTo(BuildRunner.InvalidInvocation));
        Assert.That(condition.Output, Does.Contain("Target 'Positive' requires (Jobs > 5)."));
    }

    [Test]
    public void Requires_of_a_skipped_target_is_not_checked()
    {
        var run = _root.Run<ParameterBuild>(["show", "publish", "--skip", "publish"]);

        Assert.That(run.ExitCode, Is.EqualTo(0), run.Output);
    }

    [Test]
    public void Secret_values_are_masked_in_logs_and_failure_messages_from_every_source()
    {
        var fromCommandLine = _root.Run<ParameterBuild>(["leak", "--registry-password", Secret]);
        var fromEnvironment = _root.Run<ParameterBuild>(["leak"], new() { ["REGISTRY_PASSWORD"] = Secret });
        _root.WriteNukeFile("parameters.json", $$"""{ "RegistryPassword": "{{Secret}}" }""");
        var fromFile = _root.Run<ParameterBuild>(["leak"]);

        foreach (var run in new[] { fromCommandLine, fromEnvironment, fromFile })
        {
            Assert.That(run.Output, Does.Not.Contain(Secret));
            Assert.That(run.Output, Does.Contain("the password is ****"));
            Assert.That(run.Output, Does.Contain("login failed with password ****"));
        }
    }
}
