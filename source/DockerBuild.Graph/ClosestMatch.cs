namespace DockerBuild.Graph;

/// <summary>
/// Finds the candidate a mistyped word most likely meant, so errors can say "did you mean …": the engine's unknown
/// options and parameters, and the build's YAML keys, values and --platform/--wheel patterns.
/// </summary>
public static class ClosestMatch
{
    /// <summary>
    /// The candidate with the smallest edit distance (case-insensitive), or null when none is close enough
    /// to be a plausible typo (more than a third of the word changed).
    /// </summary>
    public static string? Find(string word, IEnumerable<string> candidates)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            var distance = EditDistance(word.ToLowerInvariant(), candidate.ToLowerInvariant());
            if (distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }

        var tolerated = Math.Max(2, Math.Max(word.Length, best?.Length ?? 0) / 3);
        return best is not null && bestDistance <= tolerated ? best : null;
    }

    /// <summary>Levenshtein distance with adjacent transpositions counted as one edit.</summary>
    public static int EditDistance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        }
        return d[a.Length, b.Length];
    }
}
