namespace DockerBuild.StoreCare;

/// <summary>What became of one checked thing.</summary>
public enum VerifyOutcome { Fine, Repaired, Lost }

/// <summary>One thing that was not fine: its area (instances, outputs…), what it is, where it was, and what was done.</summary>
public sealed record VerifyFinding(string Area, VerifyOutcome Outcome, string What, string Where, string Detail);

/// <summary>
/// The result of <c>Store --verify</c>: per area how many things were fine, repaired and lost, and one line for every
/// thing repaired or lost. Printed as a table; the run fails when anything is lost.
/// </summary>
public sealed class StoreVerificationReport
{
    /// <summary>The areas in the order they are checked and printed.</summary>
    public static readonly string[] Areas = ["sources cache", "store indexes", "store instances", "store refs", "store tags", "outputs", "pip index"];

    private readonly Dictionary<string, int> _fine = new(StringComparer.Ordinal);
    private readonly List<VerifyFinding> _findings = [];

    public IReadOnlyList<VerifyFinding> Findings => _findings;
    public bool AnyLost => _findings.Any(f => f.Outcome == VerifyOutcome.Lost);
    public int Count(string area, VerifyOutcome outcome) =>
        outcome == VerifyOutcome.Fine ? _fine.GetValueOrDefault(area) : _findings.Count(f => f.Area == area && f.Outcome == outcome);

    /// <summary>Where damaged files were moved; null when nothing was.</summary>
    public string? QuarantineFolder { get; set; }

    public void Fine(string area, int count = 1) => _fine[area] = _fine.GetValueOrDefault(area) + count;
    public void Repaired(string area, string what, string where, string detail) => _findings.Add(new(area, VerifyOutcome.Repaired, what, where, detail));
    public void Lost(string area, string what, string where, string detail) => _findings.Add(new(area, VerifyOutcome.Lost, what, where, detail));

    public void Render(TextWriter output)
    {
        output.WriteLine($"{"area",-16} {"fine",6} {"repaired",9} {"lost",5}");
        foreach (var area in Areas)
            output.WriteLine($"{area,-16} {Count(area, VerifyOutcome.Fine),6} {Count(area, VerifyOutcome.Repaired),9} {Count(area, VerifyOutcome.Lost),5}");
        foreach (var finding in _findings)
            output.WriteLine($"{(finding.Outcome == VerifyOutcome.Lost ? "LOST" : "repaired"),-8} {finding.Area}: {finding.What} ({finding.Where}): {finding.Detail}");
        if (QuarantineFolder is not null) output.WriteLine($"Damaged files were moved, not deleted, to {QuarantineFolder}");
        output.WriteLine(AnyLost
            ? $"{_findings.Count(f => f.Outcome == VerifyOutcome.Lost)} thing(s) lost: rerun the step named on each line to make them again."
            : _findings.Count == 0 ? "Everything is fine." : "Everything damaged was repaired from verified copies.");
    }
}
