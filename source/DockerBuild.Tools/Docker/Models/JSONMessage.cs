using System.Text.Json;
using System.Text.Json.Serialization;

namespace DockerBuild.Tools.Docker.Models;

/// <summary>One line of the engine's streamed progress (pull, push, build, import), named as Docker.DotNet names it.</summary>
public sealed record JSONMessage
{
    [JsonPropertyName("status")] public string? Status { get; init; }
    [JsonPropertyName("id")] public string? ID { get; init; }
    [JsonPropertyName("progress")] public string? ProgressMessage { get; init; }
    [JsonPropertyName("progressDetail")] public JSONProgress? Progress { get; init; }
    /// <summary>Build output text (may hold several lines).</summary>
    [JsonPropertyName("stream")] public string? Stream { get; init; }
    [JsonPropertyName("from")] public string? From { get; init; }
    [JsonPropertyName("error")] public string? ErrorMessage { get; init; }
    [JsonPropertyName("errorDetail")] public JSONError? Error { get; init; }
    /// <summary>Structured extras: the pushed digest ({"Tag","Digest","Size"}) or the built image ({"ID"}).</summary>
    [JsonPropertyName("aux")] public JsonElement? Aux { get; init; }

    /// <summary>The text worth showing in a log line.</summary>
    public override string ToString() =>
        ErrorMessage ?? Stream?.TrimEnd('\n') ?? string.Join(' ', new[] { ID is null ? null : ID + ":", Status, ProgressMessage }.Where(s => !string.IsNullOrEmpty(s)));
}

/// <summary>Byte counts of one layer transfer.</summary>
public sealed record JSONProgress
{
    [JsonPropertyName("current")] public long Current { get; init; }
    [JsonPropertyName("total")] public long Total { get; init; }
}

/// <summary>The error carried by a progress line.</summary>
public sealed record JSONError
{
    [JsonPropertyName("code")] public int? Code { get; init; }
    [JsonPropertyName("message")] public string? Message { get; init; }
}
