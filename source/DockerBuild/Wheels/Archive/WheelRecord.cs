using System.Security.Cryptography;
using System.Text;

namespace DockerBuild.Wheels.Archive;

/// <summary>One line of a wheel's RECORD: path, hash (<c>sha256=&lt;urlsafe base64, no padding&gt;</c>) and size.</summary>
public sealed record WheelRecordLine(string Path, string? Hash, long? Size);

/// <summary>Reads and writes the RECORD file (a CSV file, PEP 376/427).</summary>
public static class WheelRecord
{
    /// <summary>The RECORD hash of some content: <c>sha256=</c> + urlsafe base64 without padding.</summary>
    public static string HashOf(ReadOnlySpan<byte> content) => "sha256=" + UrlSafeNoPad(SHA256.HashData(content));

    /// <summary>Checks <paramref name="hash"/> (<c>algorithm=digest</c>) against content; only sha256 or stronger is accepted.</summary>
    public static bool Matches(string hash, ReadOnlySpan<byte> content, out string problem)
    {
        problem = "";
        var separator = hash.IndexOf('=');
        var algorithm = separator > 0 ? hash[..separator] : "";
        byte[] digest;
        switch (algorithm)
        {
            case "sha256": digest = SHA256.HashData(content); break;
            case "sha384": digest = SHA384.HashData(content); break;
            case "sha512": digest = SHA512.HashData(content); break;
            default:
                problem = $"RECORD hash '{hash}' uses '{algorithm}'; wheels must use sha256, sha384 or sha512";
                return false;
        }
        var actual = $"{algorithm}={UrlSafeNoPad(digest)}";
        if (actual == hash) return true;
        problem = $"RECORD says {hash} but the content hashes to {actual}";
        return false;
    }

    public static IReadOnlyList<WheelRecordLine> Parse(string text)
    {
        var lines = new List<WheelRecordLine>();
        foreach (var row in ParseCsv(text))
        {
            if (row.Count == 0 || (row.Count == 1 && row[0].Length == 0)) continue;
            if (row.Count != 3) throw new FormatException($"RECORD row '{string.Join(',', row)}' has {row.Count} fields; expected path,hash,size");
            long? size = row[2].Length == 0 ? null
                : long.TryParse(row[2], out var parsed) && parsed >= 0 ? parsed
                : throw new FormatException($"RECORD row for '{row[0]}' has size '{row[2]}', not a non-negative integer");
            lines.Add(new WheelRecordLine(row[0], row[1].Length == 0 ? null : row[1], size));
        }
        return lines;
    }

    /// <summary>RECORD text: one line per entry in the given order, '\n' line ends, RECORD itself without hash or size.</summary>
    public static string Write(IEnumerable<WheelRecordLine> lines)
    {
        var text = new StringBuilder();
        foreach (var line in lines)
            text.Append(Field(line.Path)).Append(',').Append(line.Hash ?? "").Append(',').Append(line.Size?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "").Append('\n');
        return text.ToString();
    }

    private static string Field(string value)
        => value.IndexOfAny([',', '"', '\n', '\r']) < 0 ? value : "\"" + value.Replace("\"", "\"\"") + "\"";

    private static string UrlSafeNoPad(byte[] digest) => Convert.ToBase64String(digest).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static IEnumerable<List<string>> ParseCsv(string text)
    {
        var row = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else field.Append(c);
            }
            else if (c == '"' && field.Length == 0) quoted = true;
            else if (c == ',') { row.Add(field.ToString()); field.Clear(); }
            else if (c is '\n' or '\r')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n') i++;
                row.Add(field.ToString()); field.Clear();
                yield return row;
                row = [];
            }
            else field.Append(c);
        }
        if (quoted) throw new FormatException("RECORD ends inside a quoted field");
        if (field.Length > 0 || row.Count > 0) { row.Add(field.ToString()); yield return row; }
    }
}
