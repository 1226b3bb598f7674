using DockerBuild.Context;
using DockerBuild.Sources.Downloads;

namespace DockerBuild.Sources;

/// <summary>The Sources target's entry: interns the selected sources into the run's store, reporting what was reused.</summary>
public static class SourcesStep
{
    /// <param name="options">The step's own parameters; the state and checkout directories, the index and the output
    /// come from <paramref name="context"/>.</param>
    public static async Task<StepReport> RunAsync(BuildContext context, IReadOnlyList<SourceSpec> sources, SourcesSettings options,
        CancellationToken cancellationToken)
    {
        if (sources.Count == 0)
        {
            context.Output.WriteLine("No selected wheel declares a source.");
            return StepReport.Done;
        }
        var report = await SourceInterning.RunAsync(sources, ForRun(context, options), context.Store, cancellationToken);
        foreach (var reused in report.Sources.Where(e => e.State == SourceInternState.AlreadyInterned))
            context.Output.WriteLine($"  {reused.Name} {reused.Version}: already interned as {reused.Pin}");
        return new StepReport { Warnings = report.Warning is { } warning ? [warning] : [] };
    }

    /// <summary>The settings with what the run's context knows: its directories, package index and output.</summary>
    public static SourcesSettings ForRun(BuildContext context, SourcesSettings options) => options with
    {
        StateDirectory = context.StateDirectory,
        RootDirectory = context.RootDirectory,
        IndexUrl = options.IndexUrl ?? context.GivenIndexUrl,
        Progress = new LineDownloadProgress(context.Output.Lines),
        Log = context.Output.Lines,
    };
}
