using System.Text.Json;
using Docker.DotNet.Models;

namespace DockerBuild.Tools.Engine.Registries;

/// <summary>The X-Registry-Auth header value for credentials: base64url of their JSON, as the engine decodes it.</summary>
public static class RegistryAuthHeader
{
    public static string Encode(AuthConfig? auth)
    {
        var fields = new Dictionary<string, string?>
        {
            ["username"] = auth?.Username,
            ["password"] = auth?.Password,
            ["auth"] = auth?.Auth,
            ["serveraddress"] = auth?.ServerAddress,
            ["identitytoken"] = auth?.IdentityToken,
            ["registrytoken"] = auth?.RegistryToken,
        }.Where(f => f.Value is not null).ToDictionary();
        return Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(fields)).Replace('+', '-').Replace('/', '_');
    }
}
