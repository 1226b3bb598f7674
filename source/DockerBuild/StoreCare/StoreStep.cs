using DockerBuild.Context;
using DockerBuild.Sources;
using DockerBuild.Tools.Cipd;
using DockerBuild.Tools.Cipd.Inspection;
using DockerBuild.Wheels;

namespace DockerBuild.StoreCare;

/// <summary>The Store target's entries: list the run's CIPD store, or (<c>--verify</c>) check and repair the whole state directory.</summary>
public static class StoreStep
{
    public static async Task<StepReport> ListAsync(BuildContext context, CancellationToken cancellationToken)
    {
        await new CipdStoreListing(context.Store).RenderAsync(context.Output.Lines, "", cancellationToken);
        return StepReport.Done;
    }

    /// <summary>
    /// Checks and repairs the state directory under its lock, prints the table, and fails when anything is
    /// lost (the table says what and where, and which step makes it again).
    /// </summary>
    /// <param name="catalog">Every wheel spec of the checkout: the sources they declare are the pins repairs check against.</param>
    public static async Task<StepReport> VerifyAsync(BuildContext context, WheelCatalog catalog, SourcesSettings sources, CancellationToken cancellationToken)
    {
        if (context.Store is not LocalCipdRepository local)
            throw new InvalidOperationException("Store --verify checks the local store under --state-dir; a --cipd-service keeps and checks its own instances (run it without --cipd-service)");
        var declared = catalog.All.Where(w => w.Source is not null).Select(w => w.Source!).DistinctBy(s => (s.Name, s.Version)).ToList();
        await AbandonedFileSweep.TakeStateDirectoryAsync(context, cancellationToken);
        var report = await StoreVerification.RunAsync(new StoreVerificationSettings
        {
            StateDirectory = context.StateDirectory,
            DeclaredSources = declared,
            Sources = SourcesStep.ForRun(context, sources) with { Progress = null },
        }, local, cancellationToken);
        report.Render(context.Output.Lines);
        if (report.AnyLost)
            throw new InvalidOperationException($"Store --verify: {report.Findings.Count(f => f.Outcome == VerifyOutcome.Lost)} thing(s) lost (listed above).");
        return StepReport.Done;
    }
}
