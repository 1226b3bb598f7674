using System.Linq.Expressions;

namespace DockerBuild.Graph.Definition;

/// <summary>Records what a target property declares; the graph resolves the target references afterwards.</summary>
internal sealed class TargetDefinition : ITargetDefinition
{
    public string DescriptionText { get; private set; } = "";
    public List<Target> DependsOnTargets { get; } = [];
    public List<Target> DependentForTargets { get; } = [];
    public List<Target> AfterTargets { get; } = [];
    public List<Target> BeforeTargets { get; } = [];
    public List<Target> TriggersTargets { get; } = [];
    public List<Target> TriggeredByTargets { get; } = [];
    public List<Func<bool>> StaticConditions { get; } = [];
    public List<Func<bool>> DynamicConditions { get; } = [];
    public List<Expression<Func<object?>>> RequiredValues { get; } = [];
    public List<Expression<Func<bool>>> RequiredConditions { get; } = [];
    public DependencyBehavior SkippedDependencyBehavior { get; private set; } = DependencyBehavior.Execute;
    public bool IsProceedAfterFailure { get; private set; }
    public bool IsAssuredAfterFailure { get; private set; }
    public bool IsUnlisted { get; private set; }
    public List<Func<Task>> Actions { get; } = [];

    public ITargetDefinition Description(string description)
    {
        DescriptionText = description;
        return this;
    }

    public ITargetDefinition DependsOn(params Target[] targets) => Add(DependsOnTargets, targets);
    public ITargetDefinition DependentFor(params Target[] targets) => Add(DependentForTargets, targets);
    public ITargetDefinition After(params Target[] targets) => Add(AfterTargets, targets);
    public ITargetDefinition Before(params Target[] targets) => Add(BeforeTargets, targets);
    public ITargetDefinition Triggers(params Target[] targets) => Add(TriggersTargets, targets);
    public ITargetDefinition TriggeredBy(params Target[] targets) => Add(TriggeredByTargets, targets);
    public ITargetDefinition OnlyWhenStatic(params Func<bool>[] conditions) => Add(StaticConditions, conditions);
    public ITargetDefinition OnlyWhenDynamic(params Func<bool>[] conditions) => Add(DynamicConditions, conditions);
    public ITargetDefinition Requires(params Expression<Func<object?>>[] parameters) => Add(RequiredValues, parameters);
    public ITargetDefinition Requires(params Expression<Func<bool>>[] conditions) => Add(RequiredConditions, conditions);

    public ITargetDefinition WhenSkipped(DependencyBehavior behavior)
    {
        SkippedDependencyBehavior = behavior;
        return this;
    }

    public ITargetDefinition ProceedAfterFailure()
    {
        IsProceedAfterFailure = true;
        return this;
    }

    public ITargetDefinition AssuredAfterFailure()
    {
        IsAssuredAfterFailure = true;
        return this;
    }

    public ITargetDefinition Unlisted()
    {
        IsUnlisted = true;
        return this;
    }

    public ITargetDefinition Executes(Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        Actions.Add(() =>
        {
            action();
            return Task.CompletedTask;
        });
        return this;
    }

    public ITargetDefinition Executes(Func<Task> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        Actions.Add(action);
        return this;
    }

    private ITargetDefinition Add<TItem>(List<TItem> list, TItem[] items)
    {
        foreach (var item in items)
            list.Add(item ?? throw new ArgumentNullException(nameof(items), "A target declaration was given a null entry."));
        return this;
    }
}
