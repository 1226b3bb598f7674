namespace DockerBuild.Wheels.Archive;

/// <summary>The WHEEL file (email-header style): rewriting its <c>Tag:</c> lines for new platform tags.</summary>
public static class WheelMetadata
{
    /// <summary>
    /// WHEEL text with every <c>Tag:</c> line replaced by the interpreter-ABI pairs it had, crossed with
    /// <paramref name="platformTags"/>; other lines keep their order. '\n' line ends.
    /// </summary>
    public static string Retag(string wheelText, IReadOnlyList<string> platformTags)
    {
        var lines = wheelText.Replace("\r\n", "\n").Split('\n').ToList();
        while (lines.Count > 0 && lines[^1].Length == 0) lines.RemoveAt(lines.Count - 1);
        var pairs = new List<string>();
        foreach (var line in lines.Where(IsTagLine))
        {
            var tag = line[(line.IndexOf(':') + 1)..].Trim();
            var parts = tag.Split('-');
            if (parts.Length != 3) throw new FormatException($"WHEEL has a malformed tag line '{line}'; expected Tag: python-abi-platform");
            var pair = $"{parts[0]}-{parts[1]}";
            if (!pairs.Contains(pair)) pairs.Add(pair);
        }
        if (pairs.Count == 0) throw new FormatException("WHEEL has no Tag: line");
        var firstTag = lines.FindIndex(IsTagLine);
        lines.RemoveAll(IsTagLine);
        lines.InsertRange(firstTag, pairs.SelectMany(pair => platformTags.Select(platform => $"Tag: {pair}-{platform}")));
        return string.Join('\n', lines) + "\n";
    }

    private static bool IsTagLine(string line) => line.StartsWith("Tag:", StringComparison.OrdinalIgnoreCase);
}
