using DockerBuild.Tools.Docker;
using DockerBuild.Tools.Docker.Transport;

namespace DockerBuild.Tools.Engine;

/// <summary>
/// The one place that knows the container engine: a connection made once per run, with its images
/// (<see cref="EngineImages"/>) and containers (<see cref="EngineContainers"/>, <see cref="ContainerSession"/>). Nothing
/// is sent until the first call, so making it costs nothing for a run that needs no engine.
/// </summary>
public sealed class ContainerEngine : IDisposable
{
    private readonly DockerClient _client;

    private ContainerEngine(DockerClient client)
    {
        _client = client;
        Images = new EngineImages(client);
        Containers = new EngineContainers(client.Containers);
    }

    /// <summary>
    /// The engine the docker CLI would use: DOCKER_HOST (unix:// or tcp://), DOCKER_TLS_VERIFY and DOCKER_CERT_PATH, and
    /// registry credentials from <paramref name="dockerConfigFile"/> (default $DOCKER_CONFIG/config.json or
    /// ~/.docker/config.json). <paramref name="environment"/> replaces the process environment when given.
    /// </summary>
    public static ContainerEngine FromEnvironment(IReadOnlyDictionary<string, string?>? environment = null, string? dockerConfigFile = null) =>
        new(DockerClientConfiguration.FromEnvironment(environment, dockerConfigFile).CreateClient());

    /// <summary>The engine on a unix socket, sending only explicitly given registry credentials.</summary>
    public static ContainerEngine AtUnixSocket(string socketPath = DockerEndpoint.DefaultUnixSocket) =>
        new(new DockerClientConfiguration(DockerEndpoint.Unix(socketPath)).CreateClient());

    public EngineImages Images { get; }
    public EngineContainers Containers { get; }

    /// <summary>The endpoint as the user wrote it, for messages (unix:///var/run/docker.sock, tcp://host:2376).</summary>
    public string Endpoint => _client.Endpoint;

    /// <summary>The unix socket path when the engine is on this machine; null for a tcp:// engine.</summary>
    public string? LocalSocket => _client.Configuration.Endpoint.IsUnixSocket ? _client.Configuration.Endpoint.SocketPath : null;

    /// <summary>The socket a local engine listens on unless told otherwise.</summary>
    public const string DefaultSocket = DockerEndpoint.DefaultUnixSocket;

    /// <summary>Checks the engine answers; throws <see cref="EngineUnreachableException"/> otherwise.</summary>
    public Task PingAsync(CancellationToken cancellationToken) => EngineErrors.TranslateAsync(() => _client.System.PingAsync(cancellationToken));

    /// <summary>The engine's release and the API version used with it; an engine below the API floor throws naming both versions.</summary>
    public async Task<EngineVersion> GetVersionAsync(CancellationToken cancellationToken)
    {
        var version = await EngineErrors.TranslateAsync(() => _client.System.GetVersionAsync(cancellationToken));
        var api = await EngineErrors.TranslateAsync(() => _client.System.GetApiVersionAsync(cancellationToken));
        return new EngineVersion(version.Version, api);
    }

    /// <summary>Where the engine keeps images and containers on its host (e.g. /var/lib/docker); null when it does not say.</summary>
    public async Task<string?> GetDataRootAsync(CancellationToken cancellationToken) =>
        (await EngineErrors.TranslateAsync(() => _client.System.GetSystemInfoAsync(cancellationToken))).DockerRootDir;

    public void Dispose() => _client.Dispose();
}
