using System.Text;

namespace DockerBuild.Graph.Parameters;

/// <summary>The spellings of a parameter name: <c>StateDir</c> is <c>--state-dir</c> and <c>STATE_DIR</c>.</summary>
internal static class NameConventions
{
    public static string Kebab(string name) => string.Join('-', Words(name)).ToLowerInvariant();

    public static string UpperSnake(string name) => string.Join('_', Words(name)).ToUpperInvariant();

    /// <summary>The form two spellings are compared in: lower case, no separators.</summary>
    public static string Normalize(string name) =>
        new(name.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant).ToArray());

    // "CIPDService" -> CIPD, Service; "Jobs2Run" -> Jobs2, Run; "state-dir" -> state, dir.
    private static IEnumerable<string> Words(string name)
    {
        var word = new StringBuilder();
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (!char.IsLetterOrDigit(c))
            {
                if (word.Length > 0)
                    yield return word.ToString();
                word.Clear();
                continue;
            }
            var startsWord = char.IsUpper(c) && word.Length > 0 &&
                (!char.IsUpper(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1])));
            if (startsWord)
            {
                yield return word.ToString();
                word.Clear();
            }
            word.Append(c);
        }
        if (word.Length > 0)
            yield return word.ToString();
    }

    /// <summary>The candidate closest to <paramref name="given"/>, if it is close enough to be a likely typo.</summary>
    public static string? Closest(string given, IEnumerable<string> candidates)
    {
        var normalized = Normalize(given);
        return candidates
            .Select(c => (Candidate: c, Distance: Similarity(normalized, Normalize(c))))
            .Where(c => c.Distance <= Math.Max(2, normalized.Length / 3))
            .OrderBy(c => c.Distance)
            .Select(c => c.Candidate)
            .FirstOrDefault();
    }

    // A name sharing most of its start with the candidate ("statedirectory", "verbose") counts as close.
    private static int Similarity(string given, string candidate)
    {
        var common = 0;
        while (common < given.Length && common < candidate.Length && given[common] == candidate[common])
            common++;
        var sharesStart = common >= 4 && common * 3 >= Math.Min(given.Length, candidate.Length) * 2;
        return sharesStart ? 1 : ClosestMatch.EditDistance(given, candidate);
    }
}
