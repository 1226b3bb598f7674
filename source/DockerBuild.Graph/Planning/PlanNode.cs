namespace DockerBuild.Graph.Planning;

/// <summary>
/// One target as the execution-plan page draws it. Edges name other targets; ordering edges are normalised
/// so that <see cref="RunsAfter"/> holds both "X.After(Y)" and "Y.Before(X)".
/// </summary>
public sealed record PlanNode
{
    public required string Name { get; init; }
    public string Description { get; init; } = "";
    /// <summary>Targets this one DependsOn (including DependentFor declared on the others).</summary>
    public IReadOnlyList<string> DependsOn { get; init; } = [];
    /// <summary>Targets this one runs after when both are planned (After / Before).</summary>
    public IReadOnlyList<string> RunsAfter { get; init; } = [];
    /// <summary>Targets this one triggers (Triggers / TriggeredBy).</summary>
    public IReadOnlyList<string> Triggers { get; init; } = [];
    /// <summary>The default target.</summary>
    public bool IsDefault { get; init; }
    /// <summary>Part of the plan that running with no target would execute.</summary>
    public bool InDefaultPlan { get; init; }
    /// <summary>The targets, in execution order, that invoking this one alone would run.</summary>
    public IReadOnlyList<string> PlanIfInvoked { get; init; } = [];
    public bool Unlisted { get; init; }
}
