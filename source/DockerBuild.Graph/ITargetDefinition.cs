using System.Linq.Expressions;

namespace DockerBuild.Graph;

/// <summary>The fluent declaration of one target, with NUKE's names so a build ports by renaming the base class.</summary>
public interface ITargetDefinition
{
    /// <summary>Shown in help and on the plan page.</summary>
    ITargetDefinition Description(string description);

    /// <summary>These targets run (first) whenever this one is planned.</summary>
    ITargetDefinition DependsOn(params Target[] targets);

    /// <summary>The named targets depend on this one (the reverse of <see cref="DependsOn"/>).</summary>
    ITargetDefinition DependentFor(params Target[] targets);

    /// <summary>When both are planned, this one runs after the named targets; they are not added to the plan.</summary>
    ITargetDefinition After(params Target[] targets);

    /// <summary>When both are planned, this one runs before the named targets; they are not added to the plan.</summary>
    ITargetDefinition Before(params Target[] targets);

    /// <summary>Planning this target adds the named targets, which run after it.</summary>
    ITargetDefinition Triggers(params Target[] targets);

    /// <summary>Planning any of the named targets adds this one, which runs after them.</summary>
    ITargetDefinition TriggeredBy(params Target[] targets);

    /// <summary>Conditions evaluated once before anything runs; any false one skips the target.</summary>
    ITargetDefinition OnlyWhenStatic(params Func<bool>[] conditions);

    /// <summary>Conditions evaluated right before the target would run; any false one skips it.</summary>
    ITargetDefinition OnlyWhenDynamic(params Func<bool>[] conditions);

    /// <summary>Parameters that must have a value (not null, not empty) before any target runs.</summary>
    ITargetDefinition Requires(params Expression<Func<object?>>[] parameters);

    /// <summary>Conditions that must hold before any target runs; the failing expression is named.</summary>
    ITargetDefinition Requires(params Expression<Func<bool>>[] conditions);

    /// <summary>What happens to this target's dependencies when it is skipped.</summary>
    ITargetDefinition WhenSkipped(DependencyBehavior behavior);

    /// <summary>A failure of this target does not stop the targets after it (the build still fails).</summary>
    ITargetDefinition ProceedAfterFailure();

    /// <summary>This target runs even after an earlier target failed (e.g. clean-up).</summary>
    ITargetDefinition AssuredAfterFailure();

    /// <summary>Hidden from help and the unknown-target list; still invocable.</summary>
    ITargetDefinition Unlisted();

    /// <summary>Adds an action; several run in the order given.</summary>
    ITargetDefinition Executes(Action action);

    /// <summary>Adds an asynchronous action; several run in the order given.</summary>
    ITargetDefinition Executes(Func<Task> action);
}
