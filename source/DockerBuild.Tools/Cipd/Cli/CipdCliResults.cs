using System.Text.Json;

namespace DockerBuild.Tools.Cipd.Cli;

/// <summary>A tag or ref entry of <c>cipd describe</c>.</summary>
public sealed record CipdCliAttachment(string Name, string? By, DateTimeOffset At);

/// <summary>What <c>cipd describe</c> reports of an instance.</summary>
public sealed record CipdCliDescription(
    CipdPin Pin,
    string? RegisteredBy,
    DateTimeOffset RegisteredAt,
    IReadOnlyList<CipdCliAttachment> Refs,
    IReadOnlyList<CipdCliAttachment> Tags);

/// <summary>
/// Reads the <c>result</c> shapes the <c>cipd</c> client writes to <c>-json-output</c>: a pin
/// <c>{"package", "instance_id"}</c>; a list of pins (search); pin infos by subdirectory
/// <c>{"": [{"package", "pin": {…}, "error", "error_code"}]}</c> (resolve, set-ref, set-tag, ensure);
/// an instance description (<c>registered_ts</c> and <c>modified_ts</c> in Unix seconds); <c>{"instances": […]}</c>.
/// </summary>
public static class CipdCliResults
{
    public static CipdPin Pin(JsonElement pin) =>
        new(String(pin, "package") ?? throw Shape("a pin without \"package\"", pin), String(pin, "instance_id") ?? throw Shape("a pin without \"instance_id\"", pin));

    public static IReadOnlyList<CipdPin> Pins(JsonElement list) =>
        list.ValueKind == JsonValueKind.Null ? [] : list.EnumerateArray().Select(Pin).ToList();

    /// <summary>Pins per subdirectory; a pin info carrying an error throws it, naming the package.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<CipdPin>> PinsBySubdirectory(JsonElement map)
    {
        var result = new Dictionary<string, IReadOnlyList<CipdPin>>(StringComparer.Ordinal);
        foreach (var subdirectory in map.EnumerateObject())
        {
            var pins = new List<CipdPin>();
            foreach (var info in subdirectory.Value.EnumerateArray())
            {
                if (String(info, "error") is { } error)
                    throw new CipdCliException($"cipd failed for package {String(info, "package")}: {error}", String(info, "error_code"));
                pins.Add(Pin(info.GetProperty("pin")));
            }
            result[subdirectory.Name] = pins;
        }
        return result;
    }

    public static CipdCliDescription Description(JsonElement description)
    {
        IReadOnlyList<CipdCliAttachment> List(string property, string nameField, string byField, string atField) =>
            description.TryGetProperty(property, out var items) && items.ValueKind == JsonValueKind.Array
                ? items.EnumerateArray().Select(i => new CipdCliAttachment(String(i, nameField) ?? "", String(i, byField), Time(i, atField))).ToList()
                : [];
        return new CipdCliDescription(
            Pin(description.GetProperty("pin")),
            String(description, "registered_by"),
            Time(description, "registered_ts"),
            List("refs", "ref", "modified_by", "modified_ts"),
            List("tags", "tag", "registered_by", "registered_ts"));
    }

    /// <summary>Instances of <c>cipd instances</c>, oldest first (the client lists newest first).</summary>
    public static IReadOnlyList<CipdPin> Instances(JsonElement result) =>
        result.TryGetProperty("instances", out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Select(i => Pin(i.GetProperty("pin"))).Reverse().ToList()
            : [];

    private static string? String(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static DateTimeOffset Time(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number
            ? DateTimeOffset.FromUnixTimeSeconds(value.GetInt64())
            : DateTimeOffset.MinValue;

    private static CipdCliException Shape(string what, JsonElement element) =>
        new($"unexpected cipd JSON output: {what}: {element.GetRawText()}", null);
}

/// <summary>A failed <c>cipd</c> invocation: the client's error message and its error code (e.g. <c>invalid_version_error</c>).</summary>
public sealed class CipdCliException(string message, string? errorCode) : Exception(message)
{
    public string? ErrorCode { get; } = errorCode;
}
