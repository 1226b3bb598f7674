namespace DockerBuild.Tools.Pip;

/// <summary>An index URL and where it was configured (for messages).</summary>
public sealed record ConfiguredIndexUrl(string Url, string Origin);

/// <summary>
/// Finds the package index the host's pip is configured to use, with pip's precedence: the <c>PIP_INDEX_URL</c>
/// environment variable, then the user's pip.conf files, then the machine-wide ones.
/// </summary>
public sealed class PipIndexConfiguration(Func<string, string?> environment, IReadOnlyList<string> configFilesByPrecedence)
{
    /// <summary>The configuration of the running process: its environment and the usual pip.conf locations.</summary>
    public static PipIndexConfiguration FromHost()
    {
        var home = Environment.GetEnvironmentVariable("HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var xdg = Environment.GetEnvironmentVariable("XDG_CONFIG_HOME") is { Length: > 0 } x ? x : Path.Combine(home, ".config");
        var files = new List<string>();
        if (Environment.GetEnvironmentVariable("PIP_CONFIG_FILE") is { Length: > 0 } explicitFile) files.Add(explicitFile);
        files.Add(Path.Combine(xdg, "pip", "pip.conf"));
        files.Add(Path.Combine(home, ".pip", "pip.conf"));
        files.Add("/etc/pip.conf");
        files.Add("/etc/xdg/pip/pip.conf");
        return new PipIndexConfiguration(Environment.GetEnvironmentVariable, files);
    }

    /// <summary>The places searched, in order, for messages that explain what was looked at.</summary>
    public IReadOnlyList<string> Places => ["PIP_INDEX_URL", .. configFilesByPrecedence];

    /// <summary>The configured index URL, or null when none of the places sets one.</summary>
    public ConfiguredIndexUrl? Find()
    {
        if (environment("PIP_INDEX_URL") is { Length: > 0 } fromEnvironment)
            return new ConfiguredIndexUrl(fromEnvironment.Trim(), "environment variable PIP_INDEX_URL");
        foreach (var file in configFilesByPrecedence)
        {
            if (!File.Exists(file)) continue;
            if (ReadIndexUrl(File.ReadAllLines(file)) is { } url) return new ConfiguredIndexUrl(url, $"'index-url' in {file}");
        }
        return null;
    }

    /// <summary>The <c>index-url</c> of an INI-style pip.conf: [global] first, then the [install]/[download] sections.</summary>
    public static string? ReadIndexUrl(IEnumerable<string> lines)
    {
        var bySection = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var section = "";
        foreach (var raw in lines)
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] is '#' or ';') continue;
            if (line[0] == '[' && line.EndsWith(']')) { section = line[1..^1].Trim(); continue; }
            var separator = line.IndexOfAny(['=', ':']);
            if (separator <= 0) continue;
            var key = line[..separator].Trim().Replace('_', '-');
            if (!key.Equals("index-url", StringComparison.OrdinalIgnoreCase)) continue;
            var value = line[(separator + 1)..].Trim();
            if (value.Length > 0) bySection.TryAdd(section, value);
        }
        foreach (var wanted in new[] { "global", "download", "install" })
            if (bySection.TryGetValue(wanted, out var url)) return url;
        return null;
    }
}
