using DockerBuild.Tools.Engine.Connection;
using DockerBuild.Tools.Engine.Registries;

namespace DockerBuild.Tools.Engine;

/// <summary>
/// The one place that knows the container engine: a connection made once per run, with its images
/// (<see cref="EngineImages"/>) and containers (<see cref="EngineContainers"/>, <see cref="ContainerSession"/>). Nothing
/// is sent until the first call, so making it costs nothing for a run that needs no engine.
/// </summary>
public sealed class ContainerEngine : IDisposable
{
    private readonly EngineConnection _connection;

    private ContainerEngine(EngineEndpoint endpoint, DockerConfigCredentials? storedCredentials)
    {
        _connection = new EngineConnection(endpoint);
        Images = new EngineImages(_connection, storedCredentials);
        Containers = new EngineContainers(_connection);
    }

    /// <summary>
    /// The engine the docker CLI would use: DOCKER_HOST (unix:// or tcp://), else the Docker context chosen by
    /// DOCKER_CONTEXT or the config's <c>currentContext</c>; DOCKER_TLS_VERIFY and DOCKER_CERT_PATH; and registry
    /// credentials from <paramref name="dockerConfigFile"/> (default $DOCKER_CONFIG/config.json or ~/.docker/config.json).
    /// <paramref name="environment"/> replaces the process environment when given.
    /// </summary>
    public static ContainerEngine FromEnvironment(IReadOnlyDictionary<string, string?>? environment = null, string? dockerConfigFile = null)
    {
        Func<string, string?> get = environment is null
            ? Environment.GetEnvironmentVariable
            : name => environment.TryGetValue(name, out var value) ? value : null;
        var home = get("HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var configFile = dockerConfigFile ?? Path.Combine(DockerContexts.ConfigDirectory(get, home), "config.json");
        return new ContainerEngine(EngineEndpoint.FromEnvironment(get, home), new DockerConfigCredentials(configFile));
    }

    /// <summary>The engine on a unix socket, sending only explicitly given registry credentials.</summary>
    public static ContainerEngine AtUnixSocket(string socketPath = EngineEndpoint.DefaultUnixSocket) => new(EngineEndpoint.Unix(socketPath), null);

    public EngineImages Images { get; }
    public EngineContainers Containers { get; }

    /// <summary>The endpoint as the user wrote it, for messages (unix:///var/run/docker.sock, tcp://host:2376).</summary>
    public string Endpoint => _connection.Endpoint.ToString();

    /// <summary>The unix socket path when the engine is on this machine; null for a tcp:// engine.</summary>
    public string? LocalSocket => _connection.Endpoint.IsUnixSocket ? _connection.Endpoint.SocketPath : null;

    /// <summary>The socket a local engine listens on unless told otherwise.</summary>
    public const string DefaultSocket = EngineEndpoint.DefaultUnixSocket;

    /// <summary>Checks the engine answers; throws <see cref="EngineUnreachableException"/> otherwise.</summary>
    public Task PingAsync(CancellationToken cancellationToken) => _connection.RunAsync(c => c.System.PingAsync(cancellationToken), cancellationToken);

    /// <summary>The engine's release and API version; an engine below the API floor throws naming both versions.</summary>
    public async Task<EngineVersion> GetVersionAsync(CancellationToken cancellationToken)
    {
        var version = await _connection.GetVersionAsync(cancellationToken);
        return new EngineVersion(version.Version, Version.Parse(version.APIVersion));
    }

    /// <summary>Where the engine keeps images and containers on its host (e.g. /var/lib/docker); null when it does not say.</summary>
    public async Task<string?> GetDataRootAsync(CancellationToken cancellationToken) =>
        (await _connection.RunAsync(c => c.System.GetSystemInfoAsync(cancellationToken), cancellationToken)).DockerRootDir;

    /// <summary>What the engine's images take on its disk (the engine walks its layers: seconds on a large engine).</summary>
    public Task<EngineDiskUsage> GetDiskUsageAsync(CancellationToken cancellationToken) =>
        _connection.RunAsync(_ => EnginePlainRequests.DiskUsageAsync(_connection.Plain, cancellationToken), cancellationToken);

    public void Dispose() => _connection.Dispose();
}
