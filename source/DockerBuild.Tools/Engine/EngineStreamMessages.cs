using System.Text.Json;
using Docker.DotNet.Models;

namespace DockerBuild.Tools.Engine;

/// <summary>
/// Reads an image operation's streamed messages (pull, push, build, import) as they arrive: passes each on as
/// <see cref="EngineProgress"/>, and keeps what the package only reports there: the first error (the package does not
/// throw on it, so <see cref="ThrowIfFailed"/> does, with the engine's message) and the result carried in <c>aux</c>
/// (the pushed digest, the built image's ID).
/// </summary>
internal sealed class EngineStreamMessages(string operation, IProgress<EngineProgress>? target) : IProgress<JSONMessage>
{
    private string? _error;
    private readonly Dictionary<string, string> _aux = new(StringComparer.Ordinal);

    public void Report(JSONMessage value)
    {
        if (value.Error?.Message is { Length: > 0 } error) _error ??= error;
        foreach (var (key, raw) in value.Aux?.ExtensionData ?? new Dictionary<string, object>())
            if (AsString(raw) is { } text) _aux[key] = text;
        target?.Report(new EngineProgress
        {
            Id = value.ID,
            Status = value.Status,
            // The package drops the engine's own progress text; bytes done of all stand in for it.
            Detail = value.Progress is { Total: > 0 } p ? $"{p.Current ?? 0}/{p.Total} bytes" : null,
            Current = value.Progress?.Current ?? 0,
            Total = value.Progress?.Total ?? 0,
            Stream = value.Stream,
            Error = value.Error?.Message,
        });
    }

    /// <summary>Throws when the stream carried an error: "<c>push r:t failed: denied: …</c>".</summary>
    public void ThrowIfFailed()
    {
        if (_error is { } error) throw new EngineException($"{operation} failed: {error}", error);
    }

    /// <summary>A field of the stream's <c>aux</c> result (<c>Digest</c> after a push, <c>ID</c> after a build); throws when the engine sent none.</summary>
    public string Aux(string key)
    {
        ThrowIfFailed();
        return _aux.TryGetValue(key, out var value)
            ? value
            : throw new EngineException($"{operation} failed: the engine finished without reporting the {key}", $"no {key} reported");
    }

    private static string? AsString(object? raw) => raw switch
    {
        string text => text,
        JsonElement { ValueKind: JsonValueKind.String } element => element.GetString(),
        _ => null,
    };
}
