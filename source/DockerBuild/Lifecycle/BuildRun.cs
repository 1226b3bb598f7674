using System.Runtime.ExceptionServices;
using DockerBuild.Context;
using DockerBuild.Selection;
using DockerBuild.StoreCare;

namespace DockerBuild.Lifecycle;

/// <summary>
/// One invocation of the build around its steps: it holds the run's <see cref="BuildContext"/> and selection, takes the
/// state directory before the first target, prints what each step reports when the step ends, and keeps the steps'
/// warnings for after the summary.
/// </summary>
public sealed class BuildRun(BuildContext context, SelectionRequest request) : IDisposable
{
    public BuildContext Context { get; } = context;

    /// <summary>The selected platforms, wheels and pairs; loading validates platforms/ and wheels/ (a SpecException names
    /// file:line:column, a SelectionException the bad pattern).</summary>
    public BuildSelection Selection => _selection ??= BuildSelection.Load(request, packageIndexConfigured: Context.IndexUrl is not null);
    private BuildSelection? _selection;

    /// <summary>Warnings that belong at the end of the run (after the summary), e.g. sources not yet interned.</summary>
    public IReadOnlyList<string> Warnings => _warnings;
    private readonly List<string> _warnings = [];

    private TextWriter? _standardOutputBeforeRun;

    /// <summary>
    /// A build that runs a user's command says everything of its own (banners, progress, summary, warnings) on stderr,
    /// so stdout carries only the command's output: <c>./build.sh Run … -- cat data &gt; copy</c> copies exactly, and
    /// nothing is printed over a command that has the terminal. Called before anything is printed.
    /// </summary>
    public void ReserveStandardOutputForCommand()
    {
        Graph.Log.MoveToErrorOutput();
        _standardOutputBeforeRun ??= Console.Out;
        Console.SetOut(Console.Error);
    }

    /// <summary>Takes the state directory for the whole run, waiting while another run holds it; the graph's hook is synchronous.</summary>
    public void TakeStateDirectory(CancellationToken cancellationToken) =>
        AbandonedFileSweep.TakeStateDirectoryAsync(Context, cancellationToken).GetAwaiter().GetResult();

    /// <summary>Prints the step's lines, keeps its warnings, then fails the target with its failure; returns its exit code.</summary>
    public async Task<int?> ReportAsync(Task<StepReport> step)
    {
        var report = await step;
        foreach (var line in report.Lines) Context.Output.WriteLine(line);
        _warnings.AddRange(report.Warnings);
        if (report.Failure is { } failure) ExceptionDispatchInfo.Throw(failure);
        return report.ExitCode;
    }

    public void Dispose()
    {
        Context.Dispose();
        if (_standardOutputBeforeRun is { } standardOutput)
            Console.SetOut(standardOutput);
    }
}
