using DockerBuild.Graph.Definition;

namespace DockerBuild.Graph.Planning;

/// <summary>
/// Turns invoked targets into the ordered list of targets to run: dependencies and triggered targets are added until
/// the set is stable, then ordered so that every target follows its dependencies, the targets it runs after and the
/// targets that triggered it; ties keep declaration order.
/// </summary>
internal static class ExecutionPlanner
{
    public static IReadOnlyList<ExecutableTarget> Plan(TargetGraph graph, IEnumerable<ExecutableTarget> invoked)
    {
        ThrowOnCycle(graph);
        var planned = Closure(invoked);
        return Order(planned);
    }

    private static HashSet<ExecutableTarget> Closure(IEnumerable<ExecutableTarget> invoked)
    {
        var planned = new HashSet<ExecutableTarget>();
        var pending = new Queue<ExecutableTarget>(invoked);
        while (pending.TryDequeue(out var target))
        {
            if (!planned.Add(target))
                continue;
            foreach (var next in target.DependsOn.Concat(target.Triggers))
                pending.Enqueue(next);
        }
        return planned;
    }

    private static List<ExecutableTarget> Order(HashSet<ExecutableTarget> planned)
    {
        var predecessors = planned.ToDictionary(t => t, t => Predecessors(t, planned).ToHashSet());
        var order = new List<ExecutableTarget>();
        var done = new HashSet<ExecutableTarget>();
        var remaining = planned.OrderBy(t => t.DeclarationIndex).ToList();
        while (remaining.Count > 0)
        {
            // The graph has no cycle (checked first), so some remaining target is always ready; the earliest declared wins.
            var next = remaining.First(t => predecessors[t].IsSubsetOf(done));
            order.Add(next);
            done.Add(next);
            remaining.Remove(next);
        }
        return order;
    }

    /// <summary>Targets that must run before this one, restricted to the plan.</summary>
    private static IEnumerable<ExecutableTarget> Predecessors(ExecutableTarget target, IReadOnlySet<ExecutableTarget> planned) =>
        Edges(target).Concat(planned.Where(p => p.Triggers.Contains(target))).Where(planned.Contains);

    /// <summary>The declared edges a target must follow: its dependencies and its run-after targets.</summary>
    private static IEnumerable<ExecutableTarget> Edges(ExecutableTarget target) =>
        target.DependsOn.Concat(target.RunsAfter);

    private static void ThrowOnCycle(TargetGraph graph)
    {
        var triggeredBy = graph.Targets.ToDictionary(t => t, t => graph.Targets.Where(p => p.Triggers.Contains(t)).ToList());
        var state = new Dictionary<ExecutableTarget, bool>(); // false: on the current path; true: done
        var path = new List<ExecutableTarget>();

        foreach (var start in graph.Targets)
            Visit(start);

        void Visit(ExecutableTarget target)
        {
            if (state.TryGetValue(target, out var done))
            {
                if (done)
                    return;
                var cycle = path.Skip(path.IndexOf(target)).Append(target).Select(t => t.Name);
                throw new BuildInvocationException($"Circular dependencies between targets: {string.Join(" → ", cycle)}");
            }
            state[target] = false;
            path.Add(target);
            foreach (var before in Edges(target).Concat(triggeredBy[target]))
                Visit(before);
            path.RemoveAt(path.Count - 1);
            state[target] = true;
        }
    }
}
