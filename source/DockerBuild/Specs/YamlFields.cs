using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;
using DockerBuild.Graph;

namespace DockerBuild.Specs;

/// <summary>
/// Typed, position-aware access to the fields of one YAML mapping. Every problem (unknown key, wrong type,
/// missing field, invalid value) is recorded in the file's <see cref="SpecErrorList"/> with the field's
/// dotted path, and the accessor returns null so reading continues and all problems are reported together.
/// </summary>
public sealed class YamlFields
{
    private readonly YamlMappingNode _node;
    private readonly Dictionary<string, (YamlScalarNode Key, YamlNode Value)> _fields = new(StringComparer.Ordinal);

    private YamlFields(YamlMappingNode node, string path, SpecErrorList errors, IReadOnlyList<string> knownKeys)
    {
        _node = node;
        Path = path;
        Errors = errors;
        foreach (var (keyNode, value) in node.Children)
        {
            if (keyNode is not YamlScalarNode { Value: { } key } scalarKey)
            {
                errors.Add(keyNode, path, $"keys must be plain words (valid: {string.Join(", ", knownKeys)})");
                continue;
            }
            if (!knownKeys.Contains(key, StringComparer.Ordinal))
            {
                var guess = ClosestMatch.Find(key, knownKeys);
                errors.Add(scalarKey, Child(key),
                    $"unknown key '{key}'{(guess is null ? "" : $" (did you mean '{guess}'?)")} (valid: {string.Join(", ", knownKeys)})");
                continue;
            }
            _fields[key] = (scalarKey, value);
        }
    }

    /// <summary>Dotted path of this mapping ("" at the root).</summary>
    public string Path { get; }

    public SpecErrorList Errors { get; }

    /// <summary>Where the mapping starts; missing fields are reported here.</summary>
    public Mark Start => _node.Start;

    /// <summary>
    /// Wraps <paramref name="node"/> when it is a mapping; otherwise records a type error for
    /// <paramref name="path"/> and returns null.
    /// </summary>
    public static YamlFields? Of(YamlNode node, string path, SpecErrorList errors, IReadOnlyList<string> knownKeys)
    {
        if (node is YamlMappingNode mapping)
            return new YamlFields(mapping, path, errors, knownKeys);
        errors.Add(node, path, $"expected a mapping of fields ({string.Join(", ", knownKeys)}), found {Describe(node)}");
        return null;
    }

    /// <summary>The dotted path of a child field, used in messages.</summary>
    public string Child(string key) => Path.Length == 0 ? key : $"{Path}.{key}";

    /// <summary>True when the key is present with a non-null value.</summary>
    public bool Has(string key) => Node(key) is not null;

    /// <summary>The raw value node, or null when absent or written as null (<c>~</c>, empty).</summary>
    public YamlNode? Node(string key) =>
        _fields.TryGetValue(key, out var field) && !IsNull(field.Value) ? field.Value : null;

    /// <summary>Records a problem at the field's value (or at the key, or the mapping when absent).</summary>
    public void Error(string key, string problem)
    {
        if (_fields.TryGetValue(key, out var field))
            Errors.Add(IsNull(field.Value) ? field.Key : field.Value, Child(key), problem);
        else
            Errors.Add(_node.Start, Child(key), problem);
    }

    /// <summary>Records that a field is present where it must not be (e.g. <c>base</c> on a prebuilt-only platform).</summary>
    public void Forbid(string key, string why)
    {
        if (_fields.TryGetValue(key, out var field) && !IsNull(field.Value))
            Errors.Add(field.Key, Child(key), $"not allowed here: {why}");
    }

    /// <summary>A scalar string; when <paramref name="required"/> a missing value is an error.</summary>
    public string? String(string key, bool required = false, string? expected = null)
    {
        var node = Node(key);
        if (node is null)
        {
            if (required)
                Error(key, $"missing required field{(expected is null ? "" : $" (expected {expected})")}");
            return null;
        }
        if (node is YamlScalarNode scalar)
            return scalar.Value ?? "";
        Error(key, $"expected {expected ?? "a single value"}, found {Describe(node)}");
        return null;
    }

    /// <summary>A scalar that must be one of <paramref name="valid"/> (exact spelling).</summary>
    public string? Choice(string key, IReadOnlyList<string> valid, bool required = false)
    {
        var value = String(key, required, $"one of: {string.Join(", ", valid)}");
        if (value is null || valid.Contains(value, StringComparer.Ordinal))
            return value;
        var guess = ClosestMatch.Find(value, valid);
        Error(key, $"'{value}' is not valid{(guess is null ? "" : $" (did you mean '{guess}'?)")} (valid: {string.Join(", ", valid)})");
        return null;
    }

    /// <summary>An unquoted <c>true</c> or <c>false</c>; absent gives null.</summary>
    public bool? Bool(string key)
    {
        var node = Node(key);
        if (node is null)
            return null;
        if (node is YamlScalarNode { Style: ScalarStyle.Plain, Value: "true" or "false" } scalar)
            return scalar.Value == "true";
        Error(key, $"expected a boolean, found {Describe(node)} (valid: true, false)");
        return null;
    }

    /// <summary>A list of scalar strings with their nodes (for positioned follow-up checks); absent gives empty.</summary>
    public IReadOnlyList<(string Value, YamlNode Node)> StringList(string key, bool required = false)
    {
        var node = Node(key);
        if (node is null)
        {
            if (required)
                Error(key, "missing required field (expected a list, e.g. [a, b])");
            return [];
        }
        if (node is not YamlSequenceNode sequence)
        {
            Error(key, $"expected a list (e.g. [a, b] or '- a' lines), found {Describe(node)}");
            return [];
        }
        var items = new List<(string, YamlNode)>();
        foreach (var item in sequence.Children)
        {
            if (item is YamlScalarNode { Value: { } value } && !IsNull(item))
                items.Add((value, item));
            else
                Errors.Add(item, Child(key), $"list items must be single values, found {Describe(item)}");
        }
        return items;
    }

    /// <summary>A mapping of string to string (e.g. <c>env</c>); absent gives empty.</summary>
    public IReadOnlyList<(string Key, string Value, YamlNode KeyNode)> StringMap(string key)
    {
        var node = Node(key);
        if (node is null)
            return [];
        if (node is not YamlMappingNode mapping)
        {
            Error(key, $"expected a mapping of NAME: value, found {Describe(node)}");
            return [];
        }
        var entries = new List<(string, string, YamlNode)>();
        foreach (var (k, v) in mapping.Children)
        {
            if (k is not YamlScalarNode { Value: { } name })
            {
                Errors.Add(k, Child(key), $"keys must be plain words, found {Describe(k)}");
                continue;
            }
            if (v is not YamlScalarNode { Value: { } value })
            {
                Errors.Add(v, $"{Child(key)}.{name}", $"expected a single value, found {Describe(v)}");
                continue;
            }
            entries.Add((name, value, k));
        }
        return entries;
    }

    /// <summary>A nested mapping with its own known keys; absent gives null (an error when required).</summary>
    public YamlFields? Mapping(string key, IReadOnlyList<string> knownKeys, bool required = false)
    {
        var node = Node(key);
        if (node is null)
        {
            if (required)
                Error(key, $"missing required field (expected a mapping with: {string.Join(", ", knownKeys)})");
            return null;
        }
        return Of(node, Child(key), Errors, knownKeys);
    }

    /// <summary>A list node; absent gives null (an error when required).</summary>
    public YamlSequenceNode? Sequence(string key, bool required = false)
    {
        var node = Node(key);
        if (node is null)
        {
            if (required)
                Error(key, "missing required field (expected a list)");
            return null;
        }
        if (node is YamlSequenceNode sequence)
            return sequence;
        Error(key, $"expected a list, found {Describe(node)}");
        return null;
    }

    /// <summary>"a mapping", "a list" or "'value'": how a node is named in type errors.</summary>
    public static string Describe(YamlNode node) => node switch
    {
        YamlMappingNode => "a mapping",
        YamlSequenceNode => "a list",
        YamlScalarNode s when IsNull(s) => "nothing (null)",
        YamlScalarNode { Style: ScalarStyle.Plain } s => $"'{s.Value}'",
        YamlScalarNode s => $"the quoted string '{s.Value}'",
        _ => "an alias",
    };

    private static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain, Value: null or "" or "~" or "null" or "Null" or "NULL" };
}
