using System.Diagnostics;
using DockerBuild.Context;
using DockerBuild.Images;
using DockerBuild.Selection;
using DockerBuild.Tools.Engine;

namespace DockerBuild.StoreCare;

/// <summary>What the Prune target reads from the build's parameters.</summary>
public sealed record PruneSettings
{
    /// <summary>The state root; the Prune step takes it from the run's context.</summary>
    public string StateDirectory { get; init; } = "";
    /// <summary><c>--apply</c>: remove what is listed; otherwise a dry run.</summary>
    public bool Apply { get; init; }
    /// <summary><c>--keep</c>: stale images kept per platform (and per verification root), newest first.</summary>
    public int Keep { get; init; } = 1;
    /// <summary>Only these platforms' images, sysroots and outputs (from <c>--platform</c>); null: everything.</summary>
    public IReadOnlySet<string>? Platforms { get; init; }
}

/// <summary>
/// The Prune target: lists, with sizes, what this checkout no longer plans — images in the engine, sysroot copies,
/// temp folders, outputs and cached sources (<see cref="StaleImages"/>, <see cref="StaleStateFiles"/>) — and with
/// <c>--apply</c> removes exactly those. An engine that cannot be reached leaves the images unlisted, said in a note.
/// </summary>
public static class PruneStep
{
    /// <summary>The Prune target's entry: what the checkout's platforms and wheels no longer plan (keyed as
    /// <paramref name="images"/> would make them), in the run's state directory and engine. Fails when --apply could
    /// not remove something listed.</summary>
    public static async Task<StepReport> RunAsync(BuildContext context, BuildSelection selection, ImageSettings images, PruneSettings options,
        CancellationToken cancellationToken)
    {
        var planned = PlannedContent.For(selection.PlatformCatalog, selection.WheelCatalog, GenerateImageStep.ForRun(context, images));
        var report = await RunAsync(options with { StateDirectory = context.StateDirectory }, planned, () => context.Engine, context.Output.Lines, cancellationToken);
        if (report.AnyFailed) throw new InvalidOperationException("Prune --apply could not remove everything listed (see the lines marked kept).");
        return StepReport.Done;
    }

    public static async Task<PruneReport> RunAsync(PruneSettings settings, PlannedContent planned, Func<ContainerEngine> engine, TextWriter output,
        CancellationToken cancellationToken)
    {
        if (settings.Keep < 0) throw new ArgumentException($"--keep {settings.Keep}: give 0 or more stale images to keep per platform");
        var clock = Stopwatch.StartNew();
        var report = new PruneReport();
        foreach (var unplanned in planned.Unplanned.Order(StringComparer.Ordinal))
            report.Note($"platform {unplanned}: its image cannot be planned here, so none of its images or sysroots is listed");
        try
        {
            foreach (var candidate in await new StaleImages(engine(), planned, settings.Platforms, settings.Keep).FindAsync(cancellationToken))
                report.Add(candidate);
        }
        catch (Exception e) when (e is EngineException or HttpRequestException or IOException or System.Net.Sockets.SocketException)
        {
            report.Note($"the Docker engine could not be asked for images ({e.Message}): no image is listed");
        }
        foreach (var candidate in new StaleStateFiles(settings.StateDirectory, planned, settings.Platforms).Find())
            report.Add(candidate);
        report.Note($"found in {clock.Elapsed.TotalSeconds:0.0} s (keeping the newest {settings.Keep} stale image(s) per platform)");
        if (settings.Apply) await report.ApplyAsync(cancellationToken);
        report.Render(output, settings.Apply);
        return report;
    }
}
