using DockerBuild.Builds.Outputs;
using Spectre.Console;

namespace DockerBuild.Builds;

/// <summary>What happened to one (wheel, platform) pair.</summary>
public enum PairOutcome
{
    /// <summary>Built (or downloaded), repaired, verified and moved to the outputs.</summary>
    Built,
    /// <summary>An output with the same build key existed: nothing was built.</summary>
    Cached,
    /// <summary>Any step failed; nothing was added to the outputs.</summary>
    Failed,
}

/// <summary>One pair's result: the output wheel (built or cached), or the error, and its log.</summary>
public sealed record PairResult(string Wheel, string Platform, PairOutcome Outcome, BuiltWheel? Output, string LogFile, string? Error)
{
    /// <summary>How long the pair took, from its key to its output (or failure).</summary>
    public TimeSpan Duration { get; init; }

    public override string ToString() => $"{Wheel} @ {Platform}: {Outcome}{(Output is null ? "" : $" {Output.FileName}")}{(Error is null ? "" : $" — {Error}")}";
}

/// <summary>Every pair of a BuildWheel run, in the order they were selected.</summary>
public sealed record WheelBuildReport(IReadOnlyList<PairResult> Pairs)
{
    public IReadOnlyList<PairResult> Failed => Pairs.Where(p => p.Outcome == PairOutcome.Failed).ToList();
    public bool Succeeded => Failed.Count == 0;

    /// <summary>The summary table: one row per pair with its outcome, wheel file and log.</summary>
    public void Render(IAnsiConsole console)
    {
        var table = new Table().AddColumns("Wheel", "Platform", "Result", "Time", "File", "Log");
        foreach (var pair in Pairs)
        {
            var result = pair.Outcome switch
            {
                PairOutcome.Built => "[green]built[/]",
                PairOutcome.Cached => "[blue]cached[/]",
                _ => "[red]failed[/]",
            };
            table.AddRow(Markup.Escape(pair.Wheel), Markup.Escape(pair.Platform), result,
                pair.Duration.TotalSeconds.ToString("F1", System.Globalization.CultureInfo.InvariantCulture) + " s",
                Markup.Escape(pair.Output?.FileName ?? "-"), Markup.Escape(pair.LogFile));
        }
        console.Write(table);
    }
}

/// <summary>BuildWheel finished with failed pairs; the others were kept.</summary>
public sealed class WheelBuildFailedException(WheelBuildReport report)
    : Exception($"{report.Failed.Count} of {report.Pairs.Count} wheel build(s) failed: "
                + string.Join("; ", report.Failed.Select(f => $"{f.Wheel} @ {f.Platform} (log: {f.LogFile})")))
{
    public WheelBuildReport Report { get; } = report;
}
