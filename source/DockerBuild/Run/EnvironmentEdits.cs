namespace DockerBuild.Run;

/// <summary>
/// Applies Run's environment options to the image's environment: <c>--env K=V</c> sets, <c>--env-prefix K=V</c>
/// prepends and <c>--env-suffix K=V</c> appends (joined with <c>:</c> to the image's value, or alone when the image
/// has none). Values pass through <paramref name="translateValue"/> (host paths under the work dir → /work/…).
/// </summary>
public static class EnvironmentEdits
{
    /// <summary>The <c>K=V</c> list to give the container (only the variables that were edited).</summary>
    public static IReadOnlyList<string> Apply(IReadOnlyList<string> imageEnv, IReadOnlyList<string> set, IReadOnlyList<string> prefix,
        IReadOnlyList<string> suffix, Func<string, string> translateValue)
    {
        var image = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in imageEnv)
        {
            var (key, value) = Split(entry, "image environment");
            image[key] = value;
        }
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        string Current(string key) => result.TryGetValue(key, out var v) ? v : image.GetValueOrDefault(key, "");
        foreach (var entry in set)
        {
            var (key, value) = Split(entry, "--env");
            result[key] = translateValue(value);
        }
        foreach (var entry in prefix)
        {
            var (key, value) = Split(entry, "--env-prefix");
            var current = Current(key);
            result[key] = current.Length == 0 ? translateValue(value) : $"{translateValue(value)}:{current}";
        }
        foreach (var entry in suffix)
        {
            var (key, value) = Split(entry, "--env-suffix");
            var current = Current(key);
            result[key] = current.Length == 0 ? translateValue(value) : $"{current}:{translateValue(value)}";
        }
        return result.Select(p => $"{p.Key}={p.Value}").ToList();
    }

    private static (string Key, string Value) Split(string entry, string option)
    {
        var equals = entry.IndexOf('=');
        if (equals <= 0)
            throw new ArgumentException($"{option} '{entry}' is not of the form NAME=VALUE.");
        return (entry[..equals], entry[(equals + 1)..]);
    }
}
