namespace DockerBuild.Images.Bases;

/// <summary>
/// Reads the host's apt configuration (<c>sources.list</c>, <c>sources.list.d/*.list</c> one-line entries and
/// <c>*.sources</c> deb822 stanzas) so the Debian mirror is whatever the machine already uses, never a
/// name written into the code.
/// </summary>
public static class HostAptSources
{
    /// <summary>Every enabled binary (<c>deb</c>) entry under <paramref name="aptDirectory"/> (normally /etc/apt).</summary>
    public static IReadOnlyList<AptSource> Read(string aptDirectory = "/etc/apt")
    {
        var entries = new List<AptSource>();
        var list = Path.Combine(aptDirectory, "sources.list");
        if (File.Exists(list)) entries.AddRange(ParseOneLine(File.ReadAllText(list), list));
        var parts = Path.Combine(aptDirectory, "sources.list.d");
        if (Directory.Exists(parts))
        {
            foreach (var file in Directory.GetFiles(parts).Order(StringComparer.Ordinal))
            {
                if (file.EndsWith(".list", StringComparison.Ordinal)) entries.AddRange(ParseOneLine(File.ReadAllText(file), file));
                else if (file.EndsWith(".sources", StringComparison.Ordinal)) entries.AddRange(ParseDeb822(File.ReadAllText(file), file));
            }
        }
        return entries;
    }

    /// <summary>
    /// The archive URI to bootstrap <paramref name="suite"/> from: an entry that lists the suite, otherwise one whose
    /// path is a Debian archive root (ends in <c>/debian</c>). Throws naming the files read when there is none.
    /// </summary>
    public static string FindDebianMirror(IReadOnlyList<AptSource> sources, string suite)
    {
        static bool IsArchive(AptSource s) => s.Components.Contains("main") && !s.Uri.Contains("security", StringComparison.Ordinal);
        var match = sources.FirstOrDefault(s => IsArchive(s) && s.Suites.Contains(suite))
                    ?? sources.FirstOrDefault(s => IsArchive(s) && s.Uri.TrimEnd('/').EndsWith("/debian", StringComparison.Ordinal));
        if (match is not null) return match.Uri.TrimEnd('/');
        var read = sources.Count == 0 ? "no enabled 'deb' entries were found" : $"entries read: {string.Join("; ", sources.Select(s => $"{s.Uri} {string.Join(',', s.Suites)} ({s.DeclaredIn})"))}";
        throw new InvalidOperationException(
            $"no Debian archive mirror for suite '{suite}' in the host's apt sources ({read}). " +
            "Add one to /etc/apt/sources.list.d/ or pass the mirror URL with --debian-mirror.");
    }

    /// <summary>Parses one-line <c>deb [options] uri suite component…</c> entries.</summary>
    public static IEnumerable<AptSource> ParseOneLine(string text, string declaredIn)
    {
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Split('#')[0].Trim();
            if (line.Length == 0) continue;
            // Options are a bracketed group that may contain spaces; drop it before splitting.
            var open = line.IndexOf('[');
            if (open >= 0)
            {
                var close = line.IndexOf(']', open);
                if (close > open) line = line[..open] + line[(close + 1)..];
            }
            var fields = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 3 || fields[0] != "deb") continue;
            yield return new AptSource(fields[1], [fields[2]], fields[3..], declaredIn);
        }
    }

    /// <summary>Parses deb822 stanzas (Types/URIs/Suites/Components, honouring <c>Enabled: no</c>).</summary>
    public static IEnumerable<AptSource> ParseDeb822(string text, string declaredIn)
    {
        var stanzas = text.Replace("\r", "").Split("\n\n");
        foreach (var stanza in stanzas)
        {
            var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            string? last = null;
            foreach (var raw in stanza.Split('\n'))
            {
                if (raw.StartsWith('#') || raw.Trim().Length == 0) continue;
                if ((raw.StartsWith(' ') || raw.StartsWith('\t')) && last is not null)
                {
                    fields[last] += " " + raw.Trim(); // continuation line
                    continue;
                }
                var colon = raw.IndexOf(':');
                if (colon <= 0) continue;
                last = raw[..colon].Trim();
                fields[last] = raw[(colon + 1)..].Trim();
            }
            if (!fields.TryGetValue("Types", out var types) || !Words(types).Contains("deb")) continue;
            if (fields.TryGetValue("Enabled", out var enabled) && enabled.Equals("no", StringComparison.OrdinalIgnoreCase)) continue;
            if (!fields.TryGetValue("URIs", out var uris)) continue;
            var suites = fields.TryGetValue("Suites", out var s) ? Words(s) : [];
            var components = fields.TryGetValue("Components", out var c) ? Words(c) : [];
            foreach (var uri in Words(uris)) yield return new AptSource(uri, suites, components, declaredIn);
        }
    }

    private static string[] Words(string value) => value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
}
