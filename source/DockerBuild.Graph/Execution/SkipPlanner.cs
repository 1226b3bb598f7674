namespace DockerBuild.Graph.Execution;

/// <summary>
/// Decides, before anything runs, which planned targets are skipped: by <c>--skip</c>, by the attempt being continued,
/// or by a false static condition; then skips dependencies that only skipped targets with
/// <c>WhenSkipped(DependencyBehavior.Skip)</c> needed.
/// </summary>
internal static class SkipPlanner
{
    public const string SkipOptionReason = "--skip";
    public const string ContinuedReason = "succeeded in the previous attempt";
    public const string ConditionReason = "condition false";

    /// <param name="skip">Targets named by <c>--skip</c>; empty means every target that was not invoked; null means no <c>--skip</c>.</param>
    public static void ApplyStatic(IReadOnlyList<ExecutableTarget> plan, IReadOnlyCollection<ExecutableTarget>? skip,
        IReadOnlySet<string> previouslySucceeded)
    {
        foreach (var target in plan)
        {
            if (previouslySucceeded.Contains(target.Name))
                MarkSkipped(target, ContinuedReason);
            else if (skip != null && (skip.Count == 0 ? !target.IsInvoked : skip.Contains(target)))
                MarkSkipped(target, SkipOptionReason);
            else if (target.Definition.StaticConditions.Any(condition => !condition()))
                MarkSkipped(target, ConditionReason);
        }
        PruneDependencies(plan);
    }

    /// <summary>
    /// Skips, until nothing changes, every scheduled target that is in the plan only for skipped targets whose
    /// behaviour is to skip their dependencies (or that were themselves skipped this way).
    /// </summary>
    public static void PruneDependencies(IReadOnlyList<ExecutableTarget> plan)
    {
        var pruned = new HashSet<ExecutableTarget>();
        bool changed;
        do
        {
            changed = false;
            foreach (var target in plan.Where(t => t.Status == ExecutionStatus.Scheduled && !t.IsInvoked))
            {
                var neededBy = plan.Where(p => p.DependsOn.Contains(target) || p.Triggers.Contains(target)).ToList();
                var unneeded = neededBy.Count > 0 && neededBy.All(p => p.Status == ExecutionStatus.Skipped &&
                    (pruned.Contains(p) || p.Definition.SkippedDependencyBehavior == DependencyBehavior.Skip));
                if (!unneeded)
                    continue;
                MarkSkipped(target, $"only needed by skipped {string.Join(", ", neededBy.Select(p => p.Name))}");
                pruned.Add(target);
                changed = true;
            }
        } while (changed);
    }

    public static void MarkSkipped(ExecutableTarget target, string reason)
    {
        target.Status = ExecutionStatus.Skipped;
        target.StatusReason = reason;
    }
}
