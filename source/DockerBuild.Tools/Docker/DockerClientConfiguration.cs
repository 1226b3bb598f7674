using DockerBuild.Tools.Docker.Auth;
using DockerBuild.Tools.Docker.Transport;

namespace DockerBuild.Tools.Docker;

/// <summary>
/// How to reach an engine and where registry credentials come from, as Docker.DotNet's configuration:
/// <c>new DockerClientConfiguration(endpoint).CreateClient()</c>.
/// </summary>
public sealed class DockerClientConfiguration
{
    public DockerClientConfiguration(DockerEndpoint endpoint, DockerConfigCredentials? credentials = null, Version? apiVersion = null)
    {
        Endpoint = endpoint;
        Credentials = credentials;
        ApiVersion = apiVersion;
    }

    /// <summary>The unix socket /var/run/docker.sock with no stored credentials.</summary>
    public DockerClientConfiguration() : this(DockerEndpoint.Unix(DockerEndpoint.DefaultUnixSocket))
    {
    }

    public DockerEndpoint Endpoint { get; }

    /// <summary>Credentials from a docker config.json; null means only explicitly given credentials are sent.</summary>
    public DockerConfigCredentials? Credentials { get; }

    /// <summary>A fixed API version; null negotiates it with the engine.</summary>
    public Version? ApiVersion { get; }

    /// <summary>
    /// The endpoint from DOCKER_HOST / DOCKER_TLS_VERIFY / DOCKER_CERT_PATH and credentials from
    /// <paramref name="dockerConfigFile"/> (default $DOCKER_CONFIG/config.json or ~/.docker/config.json).
    /// <paramref name="environment"/> replaces the process environment when given (tests).
    /// </summary>
    public static DockerClientConfiguration FromEnvironment(IReadOnlyDictionary<string, string?>? environment = null, string? dockerConfigFile = null)
    {
        Func<string, string?> get = environment is null
            ? Environment.GetEnvironmentVariable
            : name => environment.TryGetValue(name, out var value) ? value : null;
        var home = get("HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var endpoint = DockerEndpoint.FromEnvironment(get, home);
        var configFile = dockerConfigFile ?? DockerConfigCredentials.DefaultConfigFile(get, home);
        return new DockerClientConfiguration(endpoint, new DockerConfigCredentials(configFile));
    }

    public DockerClient CreateClient() => new(this);
}
