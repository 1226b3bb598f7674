namespace DockerBuild.StoreCare;

/// <summary>One thing Prune would remove: its kind, what it is, where, how big, and why the checkout no longer needs it.</summary>
/// <param name="Remove">Removes it; throws when it cannot (an image a container still uses).</param>
public sealed record PruneCandidate(string Kind, string What, string Where, long Bytes, string Reason, Func<CancellationToken, Task> Remove);

/// <summary>Prune's table: each candidate with its size, and what happened to it with <c>--apply</c>.</summary>
public sealed class PruneReport
{
    private readonly List<(PruneCandidate Candidate, string? Outcome)> _rows = [];
    private readonly List<string> _notes = [];

    public IReadOnlyList<PruneCandidate> Candidates => _rows.Select(r => r.Candidate).ToList();
    public IReadOnlyList<string> Notes => _notes;
    public bool AnyFailed { get; private set; }

    public void Add(PruneCandidate candidate) => _rows.Add((candidate, null));
    public void Note(string note) => _notes.Add(note);

    public async Task ApplyAsync(CancellationToken cancellationToken)
    {
        for (var i = 0; i < _rows.Count; i++)
        {
            try
            {
                await _rows[i].Candidate.Remove(cancellationToken);
                _rows[i] = (_rows[i].Candidate, "removed");
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                _rows[i] = (_rows[i].Candidate, $"kept: {e.Message}");
                AnyFailed = true;
            }
        }
    }

    public void Render(TextWriter output, bool applied)
    {
        foreach (var note in _notes) output.WriteLine(note);
        if (_rows.Count == 0)
        {
            output.WriteLine("Nothing to prune: everything here is planned by this checkout.");
            return;
        }
        output.WriteLine($"{"kind",-18} {"size",10}  what (where): why");
        foreach (var (candidate, outcome) in _rows)
            output.WriteLine($"{candidate.Kind,-18} {Size(candidate.Bytes),10}  {candidate.What} ({candidate.Where}): {candidate.Reason}"
                + (outcome is null ? "" : $" — {outcome}"));
        var total = Size(_rows.Sum(r => r.Candidate.Bytes));
        output.WriteLine(applied
            ? $"{_rows.Count(r => r.Outcome == "removed")} of {_rows.Count} removed ({total} listed; image sizes count shared layers in each)."
            : $"{_rows.Count} thing(s), {total} (image sizes count shared layers in each); dry run: pass --apply to remove them.");
    }

    public static string Size(long bytes) => bytes switch
    {
        >= 1L << 30 => $"{bytes / (double)(1L << 30):0.0} GiB",
        >= 1L << 20 => $"{bytes / (double)(1L << 20):0.0} MiB",
        >= 1L << 10 => $"{bytes / (double)(1L << 10):0.0} KiB",
        _ => $"{bytes} B",
    };
}
