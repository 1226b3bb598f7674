using System.Globalization;
using DockerBuild.Sources;
using DockerBuild.Wheels;

namespace DockerBuild.Selection;

/// <summary>
/// Part <see cref="Index"/> of <see cref="Count"/> (<c>--partition k/N</c>, 1-based) of a run's (wheel, platform)
/// pairs, so N machines share one run. The pairs are sorted by (normalised wheel name, version, platform name) and
/// dealt round-robin: every machine computes the same split from the same selection without talking to the others,
/// and part sizes differ by at most one. A stable hash would keep a pair on the same machine when others are added,
/// but for the handful of pairs a run has it can leave one machine with most of the work and another idle.
/// </summary>
public sealed record Partition(int Index, int Count)
{
    /// <summary>The whole run on one machine.</summary>
    public static Partition Whole { get; } = new(1, 1);

    public static Partition Parse(string text)
    {
        var value = (text ?? "").Trim();
        var slash = value.IndexOf('/');
        if (slash < 0
            || !int.TryParse(value[..slash], NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            || !int.TryParse(value[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var count))
            throw new FormatException($"--partition '{text}' is not k/N with whole numbers k and N (e.g. 2/3: the second of three parts)");
        if (count < 1)
            throw new FormatException($"--partition '{text}': N (the number of parts) must be at least 1");
        if (index < 1 || index > count)
            throw new FormatException($"--partition '{text}': k must be between 1 and {count} (parts are numbered from 1)");
        return new Partition(index, count);
    }

    /// <summary>This part's pairs, in the order given.</summary>
    public IReadOnlyList<WheelPair> Apply(IReadOnlyList<WheelPair> pairs)
    {
        var mine = pairs
            .Select(p => (Pair: p, Key: SortKey(p)))
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .Where((_, position) => position % Count == Index - 1)
            .Select(p => p.Pair)
            .ToHashSet();
        return pairs.Where(mine.Contains).ToList();
    }

    private static string SortKey(WheelPair pair) =>
        $"{SourceSpecReader.StoreName(pair.Wheel.Name)}\0{pair.Wheel.Version}\0{pair.Platform.Name}";

    public override string ToString() => $"{Index}/{Count}";
}
