using System.Collections;
using System.Text;
using System.Text.Json;
using DockerBuild.Graph.Definition;
using DockerBuild.Graph.Parameters;
using DockerBuild.Tools.IO;

namespace DockerBuild.Graph.Help;

/// <summary>
/// Generates <c>.nuke/build.schema.json</c>, the JSON Schema editors use to complete and check parameters files:
/// the targets as an enum, every parameter with its type, description and (for non-secrets) default; secrets
/// are marked <c>"secret": true</c> and never carry a default.
/// </summary>
internal static class SchemaWriter
{
    public static string PathFor(string root) => Path.Combine(root, ".nuke", "build.schema.json");

    /// <summary>Writes the schema when its content changed.</summary>
    public static void Write(string root, TargetGraph graph, ParameterCatalog catalog, GraphBuild freshBuild)
    {
        var content = Render(graph, catalog, freshBuild);
        var path = PathFor(root);
        if (!File.Exists(path) || File.ReadAllText(path) != content)
            AtomicFile.WriteAllText(path, content);
    }

    public static string Render(TargetGraph graph, ParameterCatalog catalog, GraphBuild freshBuild)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("$schema", "http://json-schema.org/draft-07/schema#");
            json.WriteString("title", "Build Schema");
            json.WriteStartObject("definitions");

            json.WriteStartObject("ExecutableTarget");
            json.WriteString("type", "string");
            WriteArray(json, "enum", graph.Targets.Select(t => t.Name));
            json.WriteEndObject();

            foreach (var enumType in catalog.All.Select(p => ValueTypes.ElementType(p.ValueType)).Where(t => t.IsEnum).Distinct())
            {
                json.WriteStartObject(enumType.Name);
                json.WriteString("type", "string");
                WriteArray(json, "enum", Enum.GetNames(enumType));
                json.WriteEndObject();
            }

            json.WriteStartObject("Build");
            json.WriteString("type", "object");
            json.WriteStartObject("properties");
            json.WriteStartObject("$schema");
            json.WriteString("type", "string");
            json.WriteEndObject();
            foreach (var parameter in catalog.All)
                WriteParameter(json, parameter, freshBuild);
            json.WriteEndObject();
            json.WriteEndObject();

            json.WriteEndObject();
            json.WriteString("$ref", "#/definitions/Build");
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    private static void WriteParameter(Utf8JsonWriter json, ParameterDescriptor parameter, GraphBuild freshBuild)
    {
        json.WriteStartObject(parameter.Name);
        if (ValueTypes.IsList(parameter.ValueType))
        {
            json.WriteString("type", "array");
            json.WriteString("description", parameter.Description);
            json.WriteStartObject("items");
            WriteType(json, parameter);
            json.WriteEndObject();
        }
        else
        {
            WriteType(json, parameter);
            json.WriteString("description", parameter.Description);
        }
        if (parameter.IsSecret)
            json.WriteBoolean("secret", true);
        else if (DefaultValueText.Value(parameter, freshBuild) is { } value && !IsEmpty(value))
        {
            json.WritePropertyName("default");
            WriteValue(json, value);
        }
        json.WriteEndObject();
    }

    private static void WriteType(Utf8JsonWriter json, ParameterDescriptor parameter)
    {
        var element = ValueTypes.ElementType(parameter.ValueType);
        if (parameter.TakesTargets)
            json.WriteString("$ref", "#/definitions/ExecutableTarget");
        else if (element.IsEnum)
            json.WriteString("$ref", $"#/definitions/{element.Name}");
        else
            json.WriteString("type", element == typeof(bool) ? "boolean"
                : element == typeof(int) || element == typeof(long) ? "integer"
                : element == typeof(double) ? "number"
                : "string");
    }

    private static bool IsEmpty(object value) => value is ICollection { Count: 0 } or "";

    private static void WriteValue(Utf8JsonWriter json, object value)
    {
        switch (value)
        {
            case string s: json.WriteStringValue(s); break;
            case bool b: json.WriteBooleanValue(b); break;
            case int i: json.WriteNumberValue(i); break;
            case long l: json.WriteNumberValue(l); break;
            case double d: json.WriteNumberValue(d); break;
            case Enum e: json.WriteStringValue(e.ToString()); break;
            case IEnumerable items:
                json.WriteStartArray();
                foreach (var item in items)
                    if (item != null)
                        WriteValue(json, item);
                json.WriteEndArray();
                break;
            default: json.WriteStringValue(value.ToString()); break;
        }
    }

    private static void WriteArray(Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
            json.WriteStringValue(value);
        json.WriteEndArray();
    }
}
