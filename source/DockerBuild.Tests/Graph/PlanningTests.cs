using DockerBuild.Graph;
using NUnit.Framework;

namespace DockerBuild.Tests.Graph;

[TestFixture]
[Category("Graph")]
public sealed class PlanningTests
{
    private BuildRoot _root = null!;

    [SetUp]
    public void SetUp() => _root = new BuildRoot();

    [TearDown]
    public void TearDown() => _root.Dispose();

    [Test]
    public void Dependencies_run_first_and_After_Before_order_only_planned_targets()
    {
        var run = _root.Run<OrderingBuild>(["c", "d", "e"]);

        Assert.That(run.ExitCode, Is.EqualTo(0), run.Output);
        // F is a dependency of D through DependentFor; E runs before A (Before); D after C (After).
        Assert.That(run.Order, Is.EqualTo(new[] { "E", "A", "B", "C", "F", "D" }));
        Assert.That(run.Ran, Is.EqualTo(run.Order));
    }

    [Test]
    public void After_and_Before_do_not_add_targets_to_the_plan()
    {
        var run = _root.Run<OrderingBuild>(["a"]);

        Assert.That(run.Order, Is.EqualTo(new[] { "A" }));
    }

    [Test]
    public void Default_target_runs_with_its_dependencies_when_none_is_named()
    {
        var run = _root.Run<OrderingBuild>([], null, x => x.BuildWheel);

        Assert.That(run.Order, Is.EqualTo(new[] { "A", "B", "C", "BuildWheel" }));
    }

    [TestCase("build-wheel")]
    [TestCase("BUILDWHEEL")]
    [TestCase("buildWheel")]
    public void Target_names_ignore_case_and_dashes(string given)
    {
        var run = _root.Run<OrderingBuild>([given]);

        Assert.That(run.ExitCode, Is.EqualTo(0), run.Output);
        Assert.That(run.Order.Last(), Is.EqualTo("BuildWheel"));
    }

    [Test]
    public void Targets_can_be_given_with_the_target_option()
    {
        var run = _root.Run<OrderingBuild>(["--target", "b", "e"]);

        Assert.That(run.Order, Is.EqualTo(new[] { "E", "A", "B" }));
    }

    [Test]
    public void Triggered_targets_and_their_dependencies_join_the_plan_after_the_trigger()
    {
        var run = _root.Run<TriggerBuild>(["compile"]);

        Assert.That(run.Order, Is.EqualTo(new[] { "Restore", "Compile", "Pack", "Publish" }));
        Assert.That(run.Order, Does.Not.Contain("Lonely"));
    }

    [Test]
    public void A_cycle_is_reported_with_the_targets_in_it()
    {
        var run = _root.Run<CycleBuild>(["start"]);

        Assert.That(run.ExitCode, Is.EqualTo(BuildRunner.InvalidInvocation));
        Assert.That(run.Output, Does.Contain("Circular dependencies between targets: Alpha → Beta → Alpha"));
        Assert.That(run.Summary, Is.Empty);
    }

    [Test]
    public void An_unknown_target_lists_the_available_ones_but_not_unlisted_ones()
    {
        var run = _root.Run<OrderingBuild>(["compiel"]);

        Assert.That(run.ExitCode, Is.EqualTo(BuildRunner.InvalidInvocation));
        Assert.That(run.Output, Does.Contain("Unknown target 'compiel'. Available targets: A, B, C, D, E, F, BuildWheel."));
    }

    [Test]
    public void An_unlisted_target_can_still_be_invoked()
    {
        var run = _root.Run<OrderingBuild>(["hidden"]);

        Assert.That(run.Ran, Is.EqualTo(new[] { "Hidden" }));
    }

    [Test]
    public void No_target_and_no_default_is_an_error_listing_targets()
    {
        var run = _root.Run<TriggerBuild>([]);

        Assert.That(run.ExitCode, Is.EqualTo(BuildRunner.InvalidInvocation));
        Assert.That(run.Output, Does.Contain("no default target").And.Contain("Restore, Publish, Compile, Pack, Lonely"));
    }
}
