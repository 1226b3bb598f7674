using System.Text;
using System.Text.Json;

namespace DockerBuild.Tools.Docker.Transport;

/// <summary>A query string built from optional parameters; unset values are left out.</summary>
internal sealed class QueryString
{
    private readonly StringBuilder _text = new();

    public QueryString Add(string name, string? value)
    {
        if (value is null) return this;
        _text.Append(_text.Length == 0 ? '?' : '&').Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(value));
        return this;
    }

    public QueryString Add(string name, bool value, bool omitWhenFalse = true) => value || !omitWhenFalse ? Add(name, value ? "1" : "0") : this;

    public QueryString AddJson<T>(string name, T value) => Add(name, JsonSerializer.Serialize(value, EngineConnection.Json));

    public override string ToString() => _text.ToString();
}
