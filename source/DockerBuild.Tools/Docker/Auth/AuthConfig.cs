using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace DockerBuild.Tools.Docker.Auth;

/// <summary>Credentials for one registry, in the shape the engine expects inside X-Registry-Auth.</summary>
public sealed record AuthConfig
{
    [JsonPropertyName("username")] public string? Username { get; init; }
    [JsonPropertyName("password")] public string? Password { get; init; }
    [JsonPropertyName("auth")] public string? Auth { get; init; }
    [JsonPropertyName("serveraddress")] public string? ServerAddress { get; init; }
    [JsonPropertyName("identitytoken")] public string? IdentityToken { get; init; }
    [JsonPropertyName("registrytoken")] public string? RegistryToken { get; init; }

    /// <summary>The header value: base64url of the JSON, as the engine decodes it.</summary>
    public string ToHeaderValue() => Base64Url(JsonSerializer.SerializeToUtf8Bytes(this, RegistryAuthJson.Options));

    /// <summary>X-Registry-Config for /build: a map of registry address to credentials.</summary>
    public static string ToConfigHeaderValue(IEnumerable<AuthConfig> configs)
    {
        var map = configs.Where(c => c.ServerAddress is not null).ToDictionary(c => c.ServerAddress!, c => c);
        return Base64Url(JsonSerializer.SerializeToUtf8Bytes(map, RegistryAuthJson.Options));
    }

    /// <summary>An empty credential; the engine still wants the header on push.</summary>
    public static string AnonymousHeaderValue => Base64Url(Encoding.UTF8.GetBytes("{}"));

    /// <summary>Never prints the password or token.</summary>
    public override string ToString() => $"AuthConfig {{ ServerAddress = {ServerAddress}, Username = {Username} }}";

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).Replace('+', '-').Replace('/', '_');
}

internal static class RegistryAuthJson
{
    public static readonly JsonSerializerOptions Options = new() { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };
}
