namespace DockerBuild.Tests.Architecture;

/// <summary>
/// The layering written once, in ARCHITECTURE.md's <c>layers</c> block: lines of <c>project layer: folder folder …</c>,
/// bottom layer first. Read as one order per project: a folder may use the folders before it.
/// </summary>
internal static class DeclaredLayering
{
    public static IReadOnlyDictionary<string, List<string>> Read(string markdownFile)
    {
        var lines = File.ReadAllLines(markdownFile);
        var start = Array.FindIndex(lines, l => l.Trim() == "```layers");
        if (start < 0) throw new InvalidOperationException($"{markdownFile} has no ```layers block");
        var order = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var line in lines.Skip(start + 1).TakeWhile(l => l.Trim() != "```"))
        {
            var colon = line.IndexOf(':');
            if (colon < 0) continue;
            var project = line[..colon].Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
            var folders = line[(colon + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (!order.TryGetValue(project, out var list)) order[project] = list = [];
            list.AddRange(folders);
        }
        return order;
    }
}
