namespace DockerBuild.Graph.Planning.Layout;

/// <summary>How one target constrains another; decides how the arrow is drawn.</summary>
public enum PlanEdgeKind
{
    /// <summary>The head target DependsOn the tail target.</summary>
    DependsOn,
    /// <summary>The head target runs after the tail target when both are planned (After / Before).</summary>
    RunsAfter,
    /// <summary>The tail target triggers the head target (Triggers / TriggeredBy).</summary>
    Triggers,
}

/// <summary>
/// One arrow of the plan graph, oriented in execution order: <see cref="Tail"/> runs before <see cref="Head"/>
/// whatever the kind, so every arrow on the page points the way the build proceeds.
/// </summary>
public readonly record struct PlanEdge(string Tail, string Head, PlanEdgeKind Kind);
