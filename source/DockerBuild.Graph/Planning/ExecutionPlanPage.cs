namespace DockerBuild.Graph.Planning;

/// <summary>Renders the execution plan as a self-contained HTML page.</summary>
public static class ExecutionPlanPage
{
    /// <summary>The whole page: every node drawn, edges styled by kind, hover shows the plan a target would run.</summary>
    public static string Render(IReadOnlyList<PlanNode> nodes, string title) =>
        throw new InvalidOperationException("The execution plan page is not available yet in this revision.");
}
