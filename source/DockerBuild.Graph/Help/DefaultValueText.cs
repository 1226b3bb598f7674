using System.Collections;
using System.Globalization;
using DockerBuild.Graph.Parameters;

namespace DockerBuild.Graph.Help;

/// <summary>A parameter's initial value as help and schema show it; never for secrets.</summary>
internal static class DefaultValueText
{
    /// <summary>The default as text, or null when there is none worth showing (unset, empty, false, or secret).</summary>
    public static string? For(ParameterDescriptor parameter, GraphBuild freshBuild)
    {
        if (parameter.IsSecret || parameter.IsBuiltIn)
            return null;
        return Text(parameter.GetValue(freshBuild));
    }

    public static object? Value(ParameterDescriptor parameter, GraphBuild freshBuild) =>
        parameter.IsSecret || parameter.IsBuiltIn ? null : parameter.GetValue(freshBuild);

    private static string? Text(object? value) => value switch
    {
        null or false => null,
        string s => s.Length == 0 ? null : s,
        Enum e => NameConventions.Kebab(e.ToString()),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        IEnumerable items => items.Cast<object?>().Select(Text).ToList() is { Count: > 0 } list ? string.Join(" ", list) : null,
        _ => value.ToString(),
    };
}
