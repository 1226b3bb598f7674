using System.Diagnostics;
using System.Reflection;
using DockerBuild.Graph.Logging;

namespace DockerBuild.Graph.Execution;

/// <summary>
/// Runs a plan in order. A failure stops the targets after it unless the failed target proceeds after failure;
/// targets assured after failure run regardless. Dynamic conditions are evaluated right before a target runs, or
/// before the first of its dependencies when it skips its dependencies on being skipped.
/// </summary>
internal sealed class BuildExecutor(IReadOnlyList<ExecutableTarget> plan, BuildAttempt attempt, CancellationToken abort)
{
    private readonly HashSet<ExecutableTarget> _dynamicChecked = [];
    private bool _stopped;

    public async Task RunAsync()
    {
        foreach (var target in plan)
        {
            if (abort.IsCancellationRequested)
            {
                MarkNotRun(target, "the build was aborted");
                continue;
            }
            CheckDynamicConditionsAhead(target);
            if (target.Status == ExecutionStatus.Skipped)
            {
                Log.Debug("Skipping {Target} ({Reason})", target.Name, target.StatusReason);
                continue;
            }
            var assured = target.Definition.IsAssuredAfterFailure;
            if (_stopped && !assured)
            {
                MarkNotRun(target, "an earlier target failed");
                continue;
            }
            var brokenDependency = target.DependsOn.FirstOrDefault(d =>
                d.Status is ExecutionStatus.Failed or ExecutionStatus.NotRun or ExecutionStatus.Aborted);
            if (brokenDependency != null && !assured)
            {
                MarkNotRun(target, $"dependency {brokenDependency.Name} did not succeed");
                continue;
            }
            if (!_dynamicChecked.Contains(target) && !DynamicConditionsHold(target))
            {
                LogSkipped(target);
                continue;
            }
            await ExecuteAsync(target);
        }
    }

    private async Task ExecuteAsync(ExecutableTarget target)
    {
        Log.Sink.WriteRaw(Banner(target.Name));
        var stopwatch = Stopwatch.StartNew();
        try
        {
            foreach (var action in target.Definition.Actions)
                await RunUnlessAborted(action);
            target.Status = target.Definition.Actions.Count == 0 ? ExecutionStatus.Collective : ExecutionStatus.Succeeded;
            attempt.RecordSuccess(target.Name);
        }
        catch (OperationCanceledException) when (abort.IsCancellationRequested)
        {
            target.Status = ExecutionStatus.Aborted;
            target.StatusReason = "Ctrl-C";
            Log.Error("Target {Target} was aborted.", target.Name);
        }
        catch (Exception exception)
        {
            var failure = Unwrap(exception);
            target.Status = ExecutionStatus.Failed;
            target.Failure = failure;
            Log.Error(failure, "Target {Target} failed:", target.Name);
            if (!target.Definition.IsProceedAfterFailure)
                _stopped = true;
        }
        finally
        {
            target.Duration = stopwatch.Elapsed;
        }
    }

    // Actions run off the caller's thread so that Ctrl-C can end the wait even for a blocking action.
    private async Task RunUnlessAborted(Func<Task> action)
    {
        var running = Task.Run(action);
        var aborted = Task.Delay(Timeout.Infinite, abort);
        if (await Task.WhenAny(running, aborted) == aborted)
            throw new OperationCanceledException(abort);
        await running;
    }

    /// <summary>
    /// Before a target runs, targets that would skip it along with themselves get their dynamic conditions checked,
    /// so that a dependency is not run for a target that then turns out to be skipped.
    /// </summary>
    private void CheckDynamicConditionsAhead(ExecutableTarget next)
    {
        var candidates = plan.Where(t => t.Status == ExecutionStatus.Scheduled && !_dynamicChecked.Contains(t) &&
            t.Definition.SkippedDependencyBehavior == DependencyBehavior.Skip &&
            t.Definition.DynamicConditions.Count > 0 && (t == next || DependsTransitively(t, next)));
        var anySkipped = false;
        foreach (var candidate in candidates.ToList())
        {
            if (DynamicConditionsHold(candidate))
                continue;
            LogSkipped(candidate);
            anySkipped = true;
        }
        if (anySkipped)
            SkipPlanner.PruneDependencies(plan);
    }

    private bool DynamicConditionsHold(ExecutableTarget target)
    {
        _dynamicChecked.Add(target);
        if (target.Definition.DynamicConditions.All(condition => condition()))
            return true;
        SkipPlanner.MarkSkipped(target, SkipPlanner.ConditionReason);
        return false;
    }

    private static void LogSkipped(ExecutableTarget target) =>
        Log.Information("Skipping {Target}: its condition is false.", target.Name);

    private static bool DependsTransitively(ExecutableTarget target, ExecutableTarget dependency)
    {
        var seen = new HashSet<ExecutableTarget>();
        var pending = new Stack<ExecutableTarget>(target.DependsOn);
        while (pending.TryPop(out var current))
        {
            if (current == dependency)
                return true;
            if (seen.Add(current))
                foreach (var next in current.DependsOn)
                    pending.Push(next);
        }
        return false;
    }

    private static void MarkNotRun(ExecutableTarget target, string reason)
    {
        target.Status = ExecutionStatus.NotRun;
        target.StatusReason = reason;
    }

    private static Exception Unwrap(Exception exception) => exception switch
    {
        TargetInvocationException { InnerException: { } inner } => Unwrap(inner),
        AggregateException { InnerExceptions.Count: 1 } aggregate => Unwrap(aggregate.InnerExceptions[0]),
        _ => exception,
    };

    private static string Banner(string name)
    {
        var rule = new string('═', Math.Max(40, name.Length + 4));
        return $"{Environment.NewLine}{rule}{Environment.NewLine}{name}{Environment.NewLine}{new string('─', rule.Length)}{Environment.NewLine}{Environment.NewLine}";
    }
}
