using DockerBuild.Tools.Docker.Auth;
using DockerBuild.Tools.Docker.Transport;

namespace DockerBuild.Tools.Docker;

/// <summary>A typed Engine API client, grouped as Docker.DotNet groups it (Images, Containers, System, Distribution).</summary>
public sealed class DockerClient : IDisposable
{
    private readonly EngineConnection _connection;

    internal DockerClient(DockerClientConfiguration configuration)
    {
        Configuration = configuration;
        _connection = new EngineConnection(configuration.Endpoint, configuration.ApiVersion);
        var auth = new RegistryAuthResolver(configuration.Credentials);
        Images = new ImageOperations(_connection, auth);
        Containers = new ContainerOperations(_connection);
        System = new SystemOperations(_connection);
        Distribution = new DistributionOperations(_connection, auth);
    }

    public DockerClientConfiguration Configuration { get; }
    public ImageOperations Images { get; }
    public ContainerOperations Containers { get; }
    public SystemOperations System { get; }
    public DistributionOperations Distribution { get; }

    /// <summary>The endpoint, as shown in messages.</summary>
    public string Endpoint => _connection.Endpoint.ToString();

    public void Dispose() => _connection.Dispose();
}
