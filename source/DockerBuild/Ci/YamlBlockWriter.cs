using System.Globalization;
using System.Text;

namespace DockerBuild.Ci;

/// <summary>
/// Writes an ordered tree of maps, lists and strings as block-style YAML, quoting a string only when YAML would
/// otherwise read it as something else (a number, a boolean, a comment, a mapping). Written by hand rather than
/// through a serializer so key order, empty values (<c>pull_request:</c>) and literal blocks come out as a person
/// would write a workflow.
/// </summary>
public static class YamlBlockWriter
{
    /// <summary>An ordered mapping of strings, booleans, lists and maps; a null value is written as an empty key (<c>workflow_dispatch:</c>).</summary>
    public sealed class Map : List<KeyValuePair<string, object?>>
    {
        public void Add(string key, object? value) => Add(new KeyValuePair<string, object?>(key, value));
    }

    public static string Write(Map document, IEnumerable<string> headerComments)
    {
        var text = new StringBuilder();
        foreach (var comment in headerComments) text.Append("# ").Append(comment).Append('\n');
        WriteMap(text, document, 0);
        return text.ToString();
    }

    private static void WriteMap(StringBuilder text, Map map, int indent, bool firstInline = false)
    {
        var first = true;
        foreach (var (key, value) in map)
        {
            if (!(first && firstInline)) text.Append(' ', indent);
            first = false;
            text.Append(Scalar(key)).Append(':');
            WriteValue(text, value, indent);
        }
    }

    private static void WriteValue(StringBuilder text, object? value, int indent)
    {
        switch (value)
        {
            case null:
                text.Append('\n');
                break;
            case bool b:
                text.Append(b ? " true\n" : " false\n");
                break;
            case string s when s.Contains('\n'):
                text.Append(" |\n");
                foreach (var line in s.TrimEnd('\n').Split('\n')) text.Append(' ', indent + 2).Append(line).Append('\n');
                break;
            case string s:
                text.Append(' ').Append(Scalar(s)).Append('\n');
                break;
            case Map { Count: 0 }:
                text.Append(" {}\n");
                break;
            case Map nested:
                text.Append('\n');
                WriteMap(text, nested, indent + 2);
                break;
            case IEnumerable<object> items:
                text.Append('\n');
                foreach (var item in items)
                {
                    text.Append(' ', indent + 2).Append("- ");
                    if (item is Map entry) WriteMap(text, entry, indent + 4, firstInline: true);
                    else text.Append(Scalar((string)item)).Append('\n');
                }
                break;
            default:
                throw new ArgumentException($"cannot write a {value.GetType().Name} as YAML");
        }
    }

    private static readonly string[] Reserved = ["true", "false", "yes", "no", "on", "off", "null", "y", "n", "~"];

    /// <summary>The string as a YAML scalar: plain when that reads back as the same string, else single-quoted.</summary>
    public static string Scalar(string value)
    {
        var plain = value.Length > 0
            && !char.IsWhiteSpace(value[0]) && !char.IsWhiteSpace(value[^1])
            && "-?:,[]{}#&*!|>'\"%@`".IndexOf(value[0]) < 0
            && !value.Contains(": ", StringComparison.Ordinal) && !value.Contains(" #", StringComparison.Ordinal)
            && !value.EndsWith(':')
            && !Reserved.Contains(value.ToLowerInvariant())
            && !double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _)
            && !char.IsAsciiDigit(value[0]);
        return plain ? value : "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
    }
}
