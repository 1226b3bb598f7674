using DockerBuild.Graph.Definition;

namespace DockerBuild.Graph;

/// <summary>
/// A target of the build with its declaration resolved into other targets (reverse declarations folded in),
/// and what happened to it in this run.
/// </summary>
public sealed class ExecutableTarget
{
    internal ExecutableTarget(string name, int declarationIndex, TargetDefinition definition)
    {
        Name = name;
        DeclarationIndex = declarationIndex;
        Definition = definition;
    }

    public string Name { get; }
    public string Description => Definition.DescriptionText;
    public bool Listed => !Definition.IsUnlisted;
    public bool IsDefault { get; internal set; }
    public bool IsInvoked { get; internal set; }
    public ExecutionStatus Status { get; internal set; } = ExecutionStatus.Scheduled;
    public TimeSpan Duration { get; internal set; }

    /// <summary>Why the target was skipped or not run, for the summary.</summary>
    public string? StatusReason { get; internal set; }

    /// <summary>The exception a failed target threw.</summary>
    public Exception? Failure { get; internal set; }

    /// <summary>Direct dependencies: its own DependsOn plus the targets that declared DependentFor on it.</summary>
    public IReadOnlyList<ExecutableTarget> DependsOn => DependsOnList;

    /// <summary>Targets it runs after when both are planned: its own After plus the targets that declared Before on it.</summary>
    public IReadOnlyList<ExecutableTarget> RunsAfter => RunsAfterList;

    /// <summary>Targets it triggers: its own Triggers plus the targets that declared TriggeredBy on it.</summary>
    public IReadOnlyList<ExecutableTarget> Triggers => TriggersList;

    internal int DeclarationIndex { get; }
    internal TargetDefinition Definition { get; }
    internal List<ExecutableTarget> DependsOnList { get; } = [];
    internal List<ExecutableTarget> RunsAfterList { get; } = [];
    internal List<ExecutableTarget> TriggersList { get; } = [];

    public override string ToString() => Name;
}
