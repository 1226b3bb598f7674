using DockerBuild.Tools.Docker.Auth;
using DockerBuild.Tools.Docker.Models;
using DockerBuild.Tools.Docker.Transport;

namespace DockerBuild.Tools.Docker;

/// <summary>Asks a registry, through the engine, what a reference resolves to, without transferring layers.</summary>
public sealed class DistributionOperations
{
    private readonly EngineConnection _connection;
    private readonly RegistryAuthResolver _auth;

    internal DistributionOperations(EngineConnection connection, RegistryAuthResolver auth)
    {
        _connection = connection;
        _auth = auth;
    }

    /// <summary>
    /// The manifest digest a registry serves for <paramref name="image"/> (GET /distribution/{name}/json); a reference
    /// the registry does not have throws <see cref="DockerApiException"/> with the registry's message.
    /// </summary>
    public Task<DistributionInspectResponse> InspectDistributionAsync(string image, AuthConfig? authConfig = null, CancellationToken cancellationToken = default) =>
        _connection.SendForJsonAsync<DistributionInspectResponse>(HttpMethod.Get, $"distribution/{image}/json",
            headers: new Dictionary<string, string> { ["X-Registry-Auth"] = _auth.HeaderFor(image, authConfig) },
            cancellationToken: cancellationToken);
}
