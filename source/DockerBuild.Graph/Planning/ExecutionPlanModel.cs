using System.Linq.Expressions;
using DockerBuild.Graph.Definition;

namespace DockerBuild.Graph.Planning;

/// <summary>Describes every target of a build as <see cref="PlanNode"/>s for the execution-plan page.</summary>
public static class ExecutionPlanModel
{
    /// <summary>The nodes of build <typeparamref name="T"/> (a fresh instance; no parameters injected).</summary>
    public static IReadOnlyList<PlanNode> Create<T>(params Expression<Func<T, Target>>[] defaultTargets)
        where T : GraphBuild, new()
    {
        var graph = TargetGraph.Create(new T());
        var defaults = DefaultTargets.Names(defaultTargets).Select(graph.Get).ToList();
        return Create(graph, defaults);
    }

    internal static IReadOnlyList<PlanNode> Create(TargetGraph graph, IReadOnlyList<ExecutableTarget> defaultTargets)
    {
        var defaultPlan = defaultTargets.Count > 0 ? ExecutionPlanner.Plan(graph, defaultTargets).ToHashSet() : [];
        return graph.Targets
            .Select(target => new PlanNode
            {
                Name = target.Name,
                Description = target.Description,
                DependsOn = Names(target.DependsOn),
                RunsAfter = Names(target.RunsAfter),
                Triggers = Names(target.Triggers),
                IsDefault = defaultTargets.Contains(target),
                InDefaultPlan = defaultPlan.Contains(target),
                PlanIfInvoked = Names(ExecutionPlanner.Plan(graph, [target])),
                Unlisted = !target.Listed,
            })
            .ToList();
    }

    private static IReadOnlyList<string> Names(IEnumerable<ExecutableTarget> targets) => targets.Select(t => t.Name).ToList();
}
