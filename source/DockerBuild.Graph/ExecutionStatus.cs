namespace DockerBuild.Graph;

/// <summary>Where a planned target ended up; shown in the summary table.</summary>
public enum ExecutionStatus
{
    /// <summary>Planned, not started yet.</summary>
    Scheduled,
    Succeeded,
    Failed,
    /// <summary>Skipped by a condition, by <c>--skip</c>, or because it succeeded in the attempt being continued.</summary>
    Skipped,
    /// <summary>Not started because an earlier target failed or the build was aborted.</summary>
    NotRun,
    /// <summary>Has no actions of its own: it only groups its dependencies.</summary>
    Collective,
    /// <summary>Interrupted by Ctrl-C while running.</summary>
    Aborted,
}
