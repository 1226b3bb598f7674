using System.Text.Json;
using DockerBuild.Tools.IO;

namespace DockerBuild.Graph.Parameters;

/// <summary>One <c>.nuke/parameters[.profile].json</c>: parameter values keyed by PascalCase parameter name.</summary>
internal sealed class ParametersFile
{
    private readonly Dictionary<string, (string Key, JsonElement Value)> _values;

    private ParametersFile(string displayPath, Dictionary<string, (string Key, JsonElement Value)> values)
    {
        DisplayPath = displayPath;
        _values = values;
    }

    /// <summary>The path relative to the root, as shown in messages.</summary>
    public string DisplayPath { get; }

    public IEnumerable<string> Keys => _values.Values.Select(v => v.Key);

    public static string PathFor(string root, string? profile) =>
        Path.Combine(root, ".nuke", profile == null ? "parameters.json" : $"parameters.{profile}.json");

    public static ParametersFile Load(string root, string? profile)
    {
        var path = PathFor(root, profile);
        var display = Path.GetRelativePath(root, path);
        var values = new Dictionary<string, (string, JsonElement)>();
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllText(path),
                new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new BuildInvocationException($"{display} is not valid JSON: {e.Message}");
        }
        if (document.RootElement.ValueKind != JsonValueKind.Object)
            throw new BuildInvocationException($"{display} must hold a JSON object of parameter values.");
        foreach (var property in document.RootElement.EnumerateObject())
        {
            if (property.Name == "$schema")
                continue;
            values[NameConventions.Normalize(property.Name)] = (property.Name, property.Value.Clone());
        }
        return new ParametersFile(display, values);
    }

    public bool TryGet(string name, out string key, out JsonElement value)
    {
        var found = _values.TryGetValue(NameConventions.Normalize(name), out var entry);
        (key, value) = entry;
        return found;
    }

    /// <summary>Creates the default file, pointing editors at the generated schema, when there is none.</summary>
    public static void CreateIfMissing(string root)
    {
        var path = PathFor(root, null);
        if (File.Exists(path))
            return;
        AtomicFile.WriteAllText(path, "{\n  \"$schema\": \"./build.schema.json\"\n}\n");
    }
}
