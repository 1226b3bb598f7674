using DockerBuild.Sources;
using DockerBuild.Tools.Cipd;

namespace DockerBuild.StoreCare;

/// <summary>What <c>Store --verify</c> needs: the state directory, its local store, and the sources this checkout declares.</summary>
public sealed record StoreVerificationSettings
{
    public required string StateDirectory { get; init; }
    /// <summary>Every source a wheel spec of the checkout declares (whatever --platform/--wheel select): the pins repairs check against.</summary>
    public required IReadOnlyList<SourceSpec> DeclaredSources { get; init; }
    /// <summary>How a declared source is acquired again (cache, index, GitHub token).</summary>
    public required SourcesSettings Sources { get; init; }
    public DateTimeOffset Now { get; init; } = DateTimeOffset.UtcNow;
}

/// <summary>
/// <c>Store --verify</c>: checks the whole state directory in the order that lets each part repair from the ones
/// already checked — the Sources cache (against the pins), the store (from the cache, the pins, local directories and
/// the outputs), the outputs (from the store), and last the pip index (written again from the store). Damaged files
/// are moved into a quarantine folder, never deleted.
/// </summary>
public static class StoreVerification
{
    public static async Task<StoreVerificationReport> RunAsync(StoreVerificationSettings settings, LocalCipdRepository store, CancellationToken cancellationToken)
    {
        var report = new StoreVerificationReport();
        var quarantine = new Quarantine(settings.StateDirectory, settings.Now);
        var scratch = Path.Combine(settings.StateDirectory, "temp", $"{ScratchPrefix}{Guid.NewGuid():N}");
        var wheels = Path.Combine(settings.StateDirectory, "wheels");
        try
        {
            await new SourceCacheVerification(settings.DeclaredSources, settings.Sources, store, quarantine, report, Path.Combine(scratch, "cache"))
                .RunAsync(cancellationToken);
            bool storeChanged;
            using (var copies = new VerifiedCopies(settings.DeclaredSources, settings.Sources, wheels, Path.Combine(scratch, "copies")))
                storeChanged = await new StoreInstanceVerification(store, copies, quarantine, report).RunAsync(cancellationToken);
            await new OutputVerification(wheels, store, quarantine, report, Path.Combine(scratch, "outputs")).RunAsync(cancellationToken);
            await new PipIndexVerification(Path.Combine(settings.StateDirectory, "index"), store, quarantine, report).RunAsync(storeChanged, cancellationToken);
        }
        finally
        {
            if (Directory.Exists(scratch)) Directory.Delete(scratch, recursive: true);
        }
        if (quarantine.Used) report.QuarantineFolder = quarantine.Root;
        return report;
    }

    /// <summary>The scratch folders of a verification under <c>&lt;state-dir&gt;/temp/</c> (swept when a killed run left one).</summary>
    public const string ScratchPrefix = "verify-";
}
