using System.Globalization;
using System.Text.Json;

namespace DockerBuild.Graph.Parameters;

/// <summary>
/// The parameter types the engine converts to: string, bool, int, long, double, enums, their nullable forms and
/// arrays of them. Errors name the parameter, where the value came from, and what would be valid.
/// </summary>
internal static class ValueTypes
{
    private static readonly Type[] Scalars = [typeof(string), typeof(bool), typeof(int), typeof(long), typeof(double)];

    public static bool IsList(Type type) => type.IsArray;

    /// <summary>The type of one value: the element type of an array, without Nullable.</summary>
    public static Type ElementType(Type type)
    {
        var element = type.IsArray ? type.GetElementType()! : type;
        return Nullable.GetUnderlyingType(element) ?? element;
    }

    public static void EnsureSupported(ParameterDescriptor parameter)
    {
        var element = ElementType(parameter.ValueType);
        if (!Scalars.Contains(element) && !element.IsEnum)
            throw new BuildInvocationException(
                $"Parameter '{parameter.Name}' has type {parameter.ValueType.Name}; supported are string, bool, int, long, double, enums, their nullable forms and arrays of them.");
    }

    /// <summary>Allowed values of an enum parameter, as typed on the command line.</summary>
    public static IReadOnlyList<string>? AllowedValues(Type type)
    {
        var element = ElementType(type);
        return element.IsEnum ? Enum.GetNames(element).Select(NameConventions.Kebab).ToList() : null;
    }

    /// <summary>Converts command-line or environment text; <paramref name="values"/> empty means a bare flag.</summary>
    public static object? FromStrings(ParameterDescriptor parameter, IReadOnlyList<string> values, string origin)
    {
        var type = parameter.ValueType;
        if (IsList(type))
        {
            var array = Array.CreateInstance(type.GetElementType()!, values.Count);
            for (var i = 0; i < values.Count; i++)
                array.SetValue(Scalar(parameter, values[i], origin), i);
            return array;
        }
        if (values.Count == 0)
        {
            if (ElementType(type) == typeof(bool))
                return true;
            throw new BuildInvocationException($"{parameter.OptionName} needs a value ({origin}).");
        }
        if (values.Count > 1)
            throw new BuildInvocationException(
                $"{parameter.OptionName} takes one value but got {values.Count} ({origin}){(parameter.IsSecret ? "" : ": " + string.Join(" ", values))}.");
        return Scalar(parameter, values[0], origin);
    }

    public static object? FromJson(ParameterDescriptor parameter, JsonElement element, string origin)
    {
        if (element.ValueKind == JsonValueKind.Null)
            return null;
        if (element.ValueKind == JsonValueKind.Array)
        {
            if (!IsList(parameter.ValueType))
                throw new BuildInvocationException($"{parameter.Name} takes one value, not a list ({origin}).");
            return FromStrings(parameter, element.EnumerateArray().Select(e => JsonText(parameter, e, origin)).ToList(), origin);
        }
        return FromStrings(parameter, [JsonText(parameter, element, origin)], origin);
    }

    private static string JsonText(ParameterDescriptor parameter, JsonElement element, string origin) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString()!,
        JsonValueKind.Number => element.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => throw new BuildInvocationException($"{parameter.Name} cannot be a JSON {element.ValueKind} ({origin})."),
    };

    private static object Scalar(ParameterDescriptor parameter, string text, string origin)
    {
        var type = ElementType(parameter.ValueType);
        var shown = parameter.IsSecret ? "(secret value)" : $"'{text}'";
        object? value = type switch
        {
            _ when type == typeof(string) => text,
            _ when type == typeof(bool) => ParseBool(text),
            _ when type == typeof(int) => int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) ? i : null,
            _ when type == typeof(long) => long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) ? l : null,
            _ when type == typeof(double) => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null,
            _ => Enum.GetNames(type).FirstOrDefault(n => NameConventions.Normalize(n) == NameConventions.Normalize(text)) is { } name
                ? Enum.Parse(type, name)
                : null,
        };
        if (value != null)
            return value;
        var expected = type switch
        {
            _ when type == typeof(bool) => "expected true or false (targets are named before the options)",
            _ when type == typeof(int) || type == typeof(long) => "expected a whole number",
            _ when type == typeof(double) => "expected a number",
            _ => "allowed values are " + string.Join(", ", AllowedValues(type)!),
        };
        throw new BuildInvocationException($"Invalid value {shown} for {parameter.OptionName} ({origin}): {expected}.");
    }

    private static bool? ParseBool(string text) => text.Trim().ToLowerInvariant() switch
    {
        "true" or "yes" or "1" or "on" => true,
        "false" or "no" or "0" or "off" => false,
        _ => null,
    };

    /// <summary>The placeholder shown in help: <c>&lt;value&gt;</c>, <c>&lt;number&gt;</c>, lists with <c>...</c>; nothing for flags.</summary>
    public static string Placeholder(Type type)
    {
        var element = ElementType(type);
        var one = element == typeof(bool) ? "" : element == typeof(int) || element == typeof(long) || element == typeof(double) ? "<number>" : "<value>";
        return IsList(type) ? $"{one}..." : one;
    }
}
