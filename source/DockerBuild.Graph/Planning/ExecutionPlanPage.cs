using DockerBuild.Graph.Planning.Layout;
using DockerBuild.Graph.Planning.Rendering;

namespace DockerBuild.Graph.Planning;

/// <summary>Renders the execution plan as a self-contained HTML page.</summary>
public static class ExecutionPlanPage
{
    /// <summary>
    /// The whole page: every node drawn, edges styled by kind, hover shows the plan a target would run.
    /// Needs no network to view: stylesheet, script and drawing are inline, and the layout is computed here so
    /// the graph is readable even with scripting off. Throws <see cref="ArgumentException"/> when a node names
    /// a target that is not in <paramref name="nodes"/> or a name is duplicated.
    /// </summary>
    public static string Render(IReadOnlyList<PlanNode> nodes, string title)
    {
        ArgumentNullException.ThrowIfNull(title);
        var layout = LayeredLayout.Compute(PlanGraph.From(nodes));
        return PlanPageWriter.Write(layout, title);
    }
}
