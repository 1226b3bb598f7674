using DockerBuild.Graph;
using NUnit.Framework;

namespace DockerBuild.Tests.Graph;

[TestFixture]
[Category("Graph")]
public sealed class ExecutionTests
{
    private BuildRoot _root = null!;

    [SetUp]
    public void SetUp() => _root = new BuildRoot();

    [TearDown]
    public void TearDown() => _root.Dispose();

    [Test]
    public void A_failure_stops_the_plan_and_fails_the_build_with_its_message()
    {
        var run = _root.Run<FailureBuild>(["breaks", "later"]);

        Assert.That(run.ExitCode, Is.EqualTo(BuildRunner.Failed));
        Assert.That(run.Summary, Is.EqualTo(new[] { ("Setup", "Succeeded"), ("Breaks", "Failed"), ("Later", "NotRun") }));
        Assert.That(run.Output, Does.Contain("the disk is full"));
        Assert.That(run.Output, Does.Not.Contain("   at "), "no stack trace unless verbose");
        Assert.That(run.Ran, Does.Not.Contain("Later"));
    }

    [TestCase("0", BuildRunner.Succeeded)]
    [TestCase("3", 3)]
    [TestCase("127", 127)]
    public void A_target_can_make_the_build_exit_with_its_command_exit_code(string commandExit, int expected)
    {
        var run = _root.Run<ExitCodeBuild>(["command", "--", commandExit]);

        Assert.That(run.ExitCode, Is.EqualTo(expected));
        Assert.That(run.StatusOf("Command"), Is.EqualTo("Succeeded"));
    }

    [Test]
    public void Verbose_verbosity_shows_the_stack_trace_of_a_failure()
    {
        var run = _root.Run<FailureBuild>(["breaks", "--verbosity", "verbose"]);

        Assert.That(run.Output, Does.Contain("   at "));
    }

    [Test]
    public void AssuredAfterFailure_targets_run_after_a_failure_even_when_their_dependency_failed()
    {
        var run = _root.Run<FailureBuild>(["breaks", "later", "cleanup", "uses-broken"]);

        Assert.That(run.ExitCode, Is.EqualTo(BuildRunner.Failed));
        Assert.That(run.StatusOf("Later"), Is.EqualTo("NotRun"));
        Assert.That(run.StatusOf("Cleanup"), Is.EqualTo("Succeeded"));
        Assert.That(run.StatusOf("UsesBroken"), Is.EqualTo("Succeeded"));
    }

    [Test]
    public void ProceedAfterFailure_lets_later_targets_run_but_the_build_still_fails()
    {
        var run = _root.Run<FailureBuild>(["lenient", "after-lenient"]);

        Assert.That(run.ExitCode, Is.EqualTo(BuildRunner.Failed));
        Assert.That(run.Summary, Is.EqualTo(new[] { ("Lenient", "Failed"), ("AfterLenient", "Succeeded") }));
        Assert.That(run.Output, Does.Contain("lenient broke"));
    }

    [Test]
    public void Async_and_sync_actions_run_in_declaration_order()
    {
        var run = _root.Run<FailureBuild>(["async-ok"]);

        Assert.That(run.ExitCode, Is.EqualTo(0), run.Output);
        Assert.That(run.Ran, Is.EqualTo(new[] { "AsyncOk first", "AsyncOk second" }));
    }

    [Test]
    public void An_async_action_that_throws_fails_its_target()
    {
        var run = _root.Run<FailureBuild>(["async"]);

        Assert.That(run.ExitCode, Is.EqualTo(BuildRunner.Failed));
        Assert.That(run.StatusOf("Async"), Is.EqualTo("Failed"));
        Assert.That(run.Ran, Is.EqualTo(new[] { "Async first", "Async second" }));
        Assert.That(run.Output, Does.Contain("async broke"));
    }

    [Test]
    public void A_target_without_actions_is_collective()
    {
        var run = _root.Run<FailureBuild>(["group"]);

        Assert.That(run.Summary, Is.EqualTo(new[] { ("Setup", "Succeeded"), ("Group", "Collective") }));
        Assert.That(run.Output, Does.Contain("Total"));
    }

    [Test]
    public void Cancelling_aborts_the_running_target_and_the_rest_do_not_run()
    {
        using var abort = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        using var output = new StringWriter();
        var exitCode = BuildRunner.Run<FailureBuild>(new BuildInvocation
        {
            Arguments = ["hangs", "setup"],
            RootDirectory = _root.Path,
            Output = output,
            Cancellation = abort.Token,
        });
        var run = new BuildRun(exitCode, output.ToString());

        Assert.That(run.ExitCode, Is.EqualTo(BuildRunner.Aborted));
        Assert.That(run.Summary, Is.EqualTo(new[] { ("Setup", "Succeeded"), ("Hangs", "Aborted") }));
    }

    [Test]
    public void Named_skips_skip_only_those_targets()
    {
        var run = _root.Run<OrderingBuild>(["c", "--skip", "a", "b"]);

        Assert.That(run.Summary, Is.EqualTo(new[] { ("A", "Skipped"), ("B", "Skipped"), ("C", "Succeeded") }));
    }

    [Test]
    public void A_bare_skip_skips_every_target_that_was_not_invoked()
    {
        var run = _root.Run<OrderingBuild>(["c", "--skip"]);

        Assert.That(run.Ran, Is.EqualTo(new[] { "C" }));
        Assert.That(run.StatusOf("A"), Is.EqualTo("Skipped"));
    }

    [Test]
    public void Skipping_an_unknown_target_is_an_error()
    {
        var run = _root.Run<OrderingBuild>(["c", "--skip", "zz"]);

        Assert.That(run.ExitCode, Is.EqualTo(BuildRunner.InvalidInvocation));
        Assert.That(run.Output, Does.Contain("Unknown target 'zz'"));
    }

    [Test]
    public void Continue_resumes_after_the_targets_that_succeeded_in_the_same_invocation()
    {
        var first = _root.Run<ContinueBuild>(["flaky", "--note", "x"]);
        Assert.That(first.ExitCode, Is.EqualTo(BuildRunner.Failed));
        File.WriteAllText(Path.Combine(_root.Path, "fixed"), "");

        var second = _root.Run<ContinueBuild>(["flaky", "--note", "x", "--continue"]);

        Assert.That(second.ExitCode, Is.EqualTo(0), second.Output);
        Assert.That(second.Summary, Is.EqualTo(new[] { ("Prepare", "Skipped"), ("Flaky", "Succeeded") }));
        Assert.That(second.Output, Does.Contain("succeeded in the previous attempt"));
        Assert.That(File.ReadAllText(_root.NukeFile("temp/build-attempt.log")), Does.Contain("Prepare"));
    }

    [Test]
    public void Continue_with_different_arguments_starts_over()
    {
        _root.Run<ContinueBuild>(["flaky", "--note", "x"]);
        File.WriteAllText(Path.Combine(_root.Path, "fixed"), "");

        var second = _root.Run<ContinueBuild>(["flaky", "--note", "y", "--continue"]);

        Assert.That(second.Summary, Is.EqualTo(new[] { ("Prepare", "Succeeded"), ("Flaky", "Succeeded") }));
        Assert.That(second.Output, Does.Contain("Nothing to continue"));
    }

    [Test]
    public void A_false_static_condition_skips_the_target_and_with_Skip_its_own_dependencies()
    {
        var run = _root.Run<ConditionBuild>(["gated", "other"]);

        Assert.That(run.StatusOf("Gated"), Is.EqualTo("Skipped"));
        Assert.That(run.StatusOf("OnlyForGated"), Is.EqualTo("Skipped"));
        // Shared is still needed by Other.
        Assert.That(run.StatusOf("Shared"), Is.EqualTo("Succeeded"));
        Assert.That(run.StatusOf("Other"), Is.EqualTo("Succeeded"));
    }

    [Test]
    public void A_false_static_condition_with_Execute_keeps_the_dependencies()
    {
        var run = _root.Run<ConditionBuild>(["gated-keep-deps"]);

        Assert.That(run.Summary, Is.EqualTo(new[] { ("OnlyForKept", "Succeeded"), ("GatedKeepDeps", "Skipped") }));
    }

    [Test]
    public void A_true_static_condition_runs_the_target()
    {
        var run = _root.Run<ConditionBuild>(["gated", "--enabled"]);

        Assert.That(run.Ran, Is.EqualTo(new[] { "Shared", "OnlyForGated", "Gated" }), "ties keep declaration order");
    }

    [Test]
    public void Static_conditions_see_the_root_and_whether_the_build_runs_in_CI()
    {
        var local = _root.Run<ConditionBuild>(["local-only"]);
        var server = _root.Run<ConditionBuild>(["local-only"], new() { ["CI"] = "true" });

        Assert.That(local.StatusOf("LocalOnly"), Is.EqualTo("Succeeded"));
        Assert.That(server.StatusOf("LocalOnly"), Is.EqualTo("Skipped"));
    }

    [Test]
    public void A_dynamic_condition_is_checked_before_the_dependencies_it_would_skip()
    {
        var off = _root.Run<ConditionBuild>(["turn-off", "dynamic"]);
        var on = _root.Run<ConditionBuild>(["dynamic"]);

        Assert.That(off.Summary, Is.EqualTo(new[] { ("TurnOff", "Succeeded"), ("DynamicDependency", "Skipped"), ("Dynamic", "Skipped") }));
        Assert.That(on.Ran, Is.EqualTo(new[] { "DynamicDependency", "Dynamic" }));
    }

    [Test]
    public void RemainingArguments_hold_everything_after_a_bare_double_dash()
    {
        var run = _root.Run<ParameterBuild>(["run", "--", "python3", "-c", "print(1)", "--verbosity"]);

        Assert.That(run.ExitCode, Is.EqualTo(0), run.Output);
        Assert.That(run.Output, Does.Contain("command=[python3|-c|print(1)|--verbosity]"));
    }

    [Test]
    public void Quiet_verbosity_hides_information_but_not_errors()
    {
        var quiet = _root.Run<FailureBuild>(["breaks", "--verbosity", "quiet"]);

        Assert.That(quiet.Output, Does.Not.Contain("ran Setup"));
        Assert.That(quiet.Output, Does.Contain("the disk is full"));
    }
}
