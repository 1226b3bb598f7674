namespace DockerBuild.Context;

/// <summary>
/// What a step hands back to its target: lines to print when it ends, warnings that belong after the run's summary,
/// the exit code it asks the build to end with, and its failure. A step that fails before it has anything to report
/// throws; one that has warnings to keep (they are printed even when it fails) returns them with <see cref="Failure"/>.
/// </summary>
public sealed record StepReport
{
    public static StepReport Done { get; } = new();

    /// <summary>Printed by the target when the step ends (e.g. where the outputs are and how to use them).</summary>
    public IReadOnlyList<string> Lines { get; init; } = [];

    /// <summary>Printed after the summary, so they are the last thing a user reads (e.g. sources not yet interned).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>The build's exit code when it is not the graph's own (Run passes on its command's); null leaves it.</summary>
    public int? ExitCode { get; init; }

    /// <summary>The error that fails the target once the warnings are kept; its message names the cause and the fix.</summary>
    public Exception? Failure { get; init; }
}
