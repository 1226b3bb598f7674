using DockerBuild.Graph;
using NUnit.Framework;
using DockerBuild.Graph.Planning;

namespace DockerBuild.Tests.Graph;

[TestFixture]
[Category("Graph")]
public sealed class PlanModelTests
{
    [Test]
    public void Nodes_carry_normalised_edges_and_the_plan_each_target_would_run()
    {
        var nodes = ExecutionPlanModel.Create<OrderingBuild>(x => x.BuildWheel).ToDictionary(n => n.Name);

        Assert.That(nodes.Keys, Is.EqualTo(new[] { "A", "B", "C", "D", "E", "F", "Hidden", "BuildWheel" }));
        Assert.That(nodes["B"].DependsOn, Is.EqualTo(new[] { "A" }));
        Assert.That(nodes["D"].DependsOn, Is.EqualTo(new[] { "F" }), "DependentFor becomes DependsOn of D");
        Assert.That(nodes["D"].RunsAfter, Is.EqualTo(new[] { "C" }));
        Assert.That(nodes["A"].RunsAfter, Is.EqualTo(new[] { "E" }), "Before becomes RunsAfter of A");
        Assert.That(nodes["A"].Description, Is.EqualTo("First step"));
        Assert.That(nodes["BuildWheel"].IsDefault, Is.True);
        Assert.That(nodes["C"].IsDefault, Is.False);
        Assert.That(nodes["C"].InDefaultPlan, Is.True);
        Assert.That(nodes["D"].InDefaultPlan, Is.False);
        Assert.That(nodes["Hidden"].Unlisted, Is.True);
        Assert.That(nodes["BuildWheel"].PlanIfInvoked, Is.EqualTo(new[] { "A", "B", "C", "BuildWheel" }));
        Assert.That(nodes["D"].PlanIfInvoked, Is.EqualTo(new[] { "F", "D" }));
    }

    [Test]
    public void TriggeredBy_becomes_a_trigger_of_the_other_target()
    {
        var nodes = ExecutionPlanModel.Create<TriggerBuild>().ToDictionary(n => n.Name);

        Assert.That(nodes["Compile"].Triggers, Is.EqualTo(new[] { "Pack" }));
        Assert.That(nodes["Pack"].Triggers, Is.EqualTo(new[] { "Publish" }));
        Assert.That(nodes["Compile"].PlanIfInvoked, Is.EqualTo(new[] { "Restore", "Compile", "Pack", "Publish" }));
        Assert.That(nodes.Values.Any(n => n.InDefaultPlan || n.IsDefault), Is.False);
    }

    [Test]
    public void Plan_option_writes_the_rendered_page_and_prints_its_path()
    {
        using var root = new BuildRoot();
        using var output = new StringWriter();
        IReadOnlyList<PlanNode>? rendered = null;
        string? opened = null;

        var exitCode = BuildRunner.Run<OrderingBuild>(new BuildInvocation
        {
            Arguments = ["--plan"],
            RootDirectory = root.Path,
            Output = output,
            RenderPlan = (nodes, title) =>
            {
                rendered = nodes;
                return $"<html><title>{title}</title>{nodes.Count} nodes</html>";
            },
            OpenInBrowser = (path, _) => opened = path,
        }, x => x.BuildWheel);

        var page = root.NukeFile("temp/execution-plan.html");
        Assert.That(exitCode, Is.EqualTo(0), output.ToString());
        Assert.That(File.ReadAllText(page), Does.Contain("8 nodes"));
        Assert.That(output.ToString(), Does.Contain($"Execution plan written to {page}"));
        Assert.That(opened, Is.EqualTo(page));
        Assert.That(rendered!.Single(n => n.IsDefault).Name, Is.EqualTo("BuildWheel"));
    }

    [Test]
    public void A_browser_is_opened_only_with_a_display_and_never_in_CI()
    {
        Assert.That(BrowserLauncher.CanOpen(new Dictionary<string, string?> { ["DISPLAY"] = ":0", ["CI"] = "true" }), Is.False);
        if (OperatingSystem.IsLinux())
        {
            Assert.That(BrowserLauncher.CanOpen(new Dictionary<string, string?>()), Is.False);
            Assert.That(BrowserLauncher.CanOpen(new Dictionary<string, string?> { ["WAYLAND_DISPLAY"] = "wayland-0" }), Is.True);
        }
    }
}
