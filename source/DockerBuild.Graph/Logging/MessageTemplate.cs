using System.Collections;
using System.Globalization;
using System.Text;

namespace DockerBuild.Graph.Logging;

/// <summary>
/// Renders Serilog-style templates (<c>"Built {Wheel} for {Platform}"</c>): holes are filled by position, <c>{{</c>
/// and <c>}}</c> are literal braces, a format after a colon is honoured, and lists are joined with commas.
/// </summary>
internal static class MessageTemplate
{
    public static string Render(string template, object?[] values)
    {
        if (values.Length == 0 && !template.Contains('{') && !template.Contains('}'))
            return template;
        var result = new StringBuilder(template.Length + 32);
        var next = 0;
        for (var i = 0; i < template.Length; i++)
        {
            var c = template[i];
            if ((c == '{' || c == '}') && i + 1 < template.Length && template[i + 1] == c)
            {
                result.Append(c);
                i++;
                continue;
            }
            var close = c == '{' ? template.IndexOf('}', i + 1) : -1;
            if (close < 0)
            {
                result.Append(c);
                continue;
            }
            var hole = template.Substring(i + 1, close - i - 1);
            var colon = hole.IndexOf(':');
            var format = colon >= 0 ? hole[(colon + 1)..] : null;
            result.Append(next < values.Length ? Format(values[next++], format) : "{" + hole + "}");
            i = close;
        }
        return result.ToString();
    }

    private static string Format(object? value, string? format) => value switch
    {
        null => "null",
        string s => s,
        IFormattable f => f.ToString(format, CultureInfo.InvariantCulture),
        IEnumerable items => string.Join(", ", items.Cast<object?>().Select(item => Format(item, format))),
        _ => value.ToString() ?? "",
    };
}
