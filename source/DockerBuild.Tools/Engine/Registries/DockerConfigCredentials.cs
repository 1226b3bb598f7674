using System.Text;
using System.Text.Json;
using Docker.DotNet.Models;

namespace DockerBuild.Tools.Engine.Registries;

/// <summary>
/// Registry credentials stored by <c>docker login</c> in a config.json <c>auths</c> map (base64 "user:password").
/// The file is read when first needed, never at client construction.
/// </summary>
public sealed class DockerConfigCredentials(string configFile)
{
    private Dictionary<string, AuthConfig>? _entries;

    public string ConfigFile { get; } = configFile;

    /// <summary>~/.docker/config.json, or $DOCKER_CONFIG/config.json when that is set.</summary>
    public static string DefaultConfigFile(Func<string, string?> getVariable, string homeDirectory)
    {
        var dir = getVariable("DOCKER_CONFIG");
        return Path.Combine(string.IsNullOrEmpty(dir) ? Path.Combine(homeDirectory, ".docker") : dir, "config.json");
    }

    /// <summary>The stored credentials for a registry host (e.g. <c>127.0.0.1:5000</c> or <c>docker.io</c>), or null.</summary>
    public AuthConfig? Find(string registry)
    {
        var entries = _entries ??= Load();
        foreach (var key in CandidateKeys(registry))
            if (entries.TryGetValue(key, out var auth)) return auth;
        return null;
    }

    private static IEnumerable<string> CandidateKeys(string registry)
    {
        var host = HostOf(registry);
        yield return host;
        if (host is RegistryAddress.DockerHub or "index.docker.io" or "registry-1.docker.io")
        {
            yield return "index.docker.io";
            yield return RegistryAddress.DockerHub;
            yield return "registry-1.docker.io";
        }
    }

    /// <summary>Keys are written as "host:port", "https://host:port" or "https://index.docker.io/v1/"; compare by host.</summary>
    private static string HostOf(string key)
    {
        var rest = key.Contains("://", StringComparison.Ordinal) ? key[(key.IndexOf("://", StringComparison.Ordinal) + 3)..] : key;
        var slash = rest.IndexOf('/');
        return slash < 0 ? rest : rest[..slash];
    }

    private Dictionary<string, AuthConfig> Load()
    {
        var result = new Dictionary<string, AuthConfig>(StringComparer.OrdinalIgnoreCase);
        if (!File.Exists(ConfigFile)) return result;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllBytes(ConfigFile));
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{ConfigFile} is not valid JSON: {e.Message}", e);
        }
        using (document)
        {
            if (!document.RootElement.TryGetProperty("auths", out var auths) || auths.ValueKind != JsonValueKind.Object) return result;
            foreach (var entry in auths.EnumerateObject())
            {
                var key = HostOf(entry.Name);
                if (entry.Value.ValueKind != JsonValueKind.Object) continue;
                string? identityToken = entry.Value.TryGetProperty("identitytoken", out var it) ? it.GetString() : null;
                if (!entry.Value.TryGetProperty("auth", out var authElement) || authElement.GetString() is not { Length: > 0 } encoded)
                {
                    if (identityToken is not null) result[key] = new AuthConfig { IdentityToken = identityToken, ServerAddress = entry.Name };
                    continue;
                }
                string decoded;
                try
                {
                    decoded = Encoding.UTF8.GetString(Convert.FromBase64String(encoded));
                }
                catch (FormatException)
                {
                    throw new InvalidDataException($"{ConfigFile}: auths.\"{entry.Name}\".auth is not base64 of \"user:password\".");
                }
                var colon = decoded.IndexOf(':');
                if (colon < 0) throw new InvalidDataException($"{ConfigFile}: auths.\"{entry.Name}\".auth does not decode to \"user:password\".");
                result[key] = new AuthConfig
                {
                    Username = decoded[..colon],
                    Password = decoded[(colon + 1)..],
                    ServerAddress = entry.Name,
                    IdentityToken = identityToken,
                };
            }
        }
        return result;
    }
}
