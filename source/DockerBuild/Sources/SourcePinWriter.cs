using DockerBuild.Tools.IO;

namespace DockerBuild.Sources;

/// <summary>
/// Writes a source's sha256 into the wheel spec that declared it without one (<c>--pin-sources</c>), as pip-tools writes
/// hashes: a <c>sha256:</c> line at the top of the <c>source:</c> mapping (or a first entry of a flow mapping), the rest of
/// the file untouched, so the diff a reviewer sees is that one line.
/// </summary>
public static class SourcePinWriter
{
    /// <summary>The file changed, and the line the pin is on.</summary>
    public static async Task<(string File, int Line)> WriteAsync(SourceSpec spec, string sha256, CancellationToken cancellationToken)
    {
        var (display, line, column) = Position(spec);
        var file = Path.Combine(spec.BaseDirectory ?? throw Unknown(spec), Path.GetFileName(display));
        if (!File.Exists(file)) throw Unknown(spec);
        var text = await File.ReadAllTextAsync(file, cancellationToken);
        var newline = text.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";
        var lines = text.Split(newline).ToList();
        if (line < 1 || line > lines.Count || column < 1 || column > lines[line - 1].Length + 1) throw Unknown(spec);
        var at = lines[line - 1];
        if (at.Length >= column && at[column - 1] == '{')
            lines[line - 1] = at[..column] + $"sha256: {sha256}, " + at[column..].TrimStart();
        else
            lines.Insert(line - 1, new string(' ', column - 1) + $"sha256: {sha256}");
        await AtomicFile.WriteAllTextAsync(file, string.Join(newline, lines), cancellationToken: cancellationToken);
        return (file, line);
    }

    /// <summary>The file, line and column of the source mapping, from its <see cref="SourceSpec.DeclaredAt"/> (<c>wheels/x.yaml:6:7</c>).</summary>
    private static (string File, int Line, int Column) Position(SourceSpec spec)
    {
        var parts = spec.DeclaredAt.Split(':');
        if (parts.Length < 3 || !int.TryParse(parts[^2], out var line) || !int.TryParse(parts[^1], out var column)) throw Unknown(spec);
        return (string.Join(':', parts[..^2]), line, column);
    }

    private static SourceSpecException Unknown(SourceSpec spec) =>
        new(spec, "its sha256 could not be written into the spec (the declaring file or position is unknown); add the sha256 the run printed by hand");
}
