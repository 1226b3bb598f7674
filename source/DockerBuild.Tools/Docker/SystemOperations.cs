using DockerBuild.Tools.Docker.Models;
using DockerBuild.Tools.Docker.Transport;

namespace DockerBuild.Tools.Docker;

/// <summary>Engine-wide calls: ping, version, info, disk usage.</summary>
public sealed class SystemOperations
{
    private readonly EngineConnection _connection;

    internal SystemOperations(EngineConnection connection) => _connection = connection;

    /// <summary>Checks the engine answers; throws <see cref="DockerEngineUnreachableException"/> otherwise.</summary>
    public async Task PingAsync(CancellationToken cancellationToken = default)
    {
        using var _ = await _connection.SendAsync(HttpMethod.Get, "_ping", cancellationToken: cancellationToken);
    }

    /// <summary>The API version negotiated with the engine.</summary>
    public Task<Version> GetApiVersionAsync(CancellationToken cancellationToken = default) => _connection.GetApiVersionAsync(cancellationToken);

    public Task<VersionResponse> GetVersionAsync(CancellationToken cancellationToken = default) =>
        _connection.SendForJsonAsync<VersionResponse>(HttpMethod.Get, "version", cancellationToken: cancellationToken);

    public Task<SystemInfoResponse> GetSystemInfoAsync(CancellationToken cancellationToken = default) =>
        _connection.SendForJsonAsync<SystemInfoResponse>(HttpMethod.Get, "info", cancellationToken: cancellationToken);

    /// <summary>What the engine's images take on its disk (the engine walks its layers: seconds on a large engine).</summary>
    public Task<DiskUsageResponse> GetDiskUsageAsync(CancellationToken cancellationToken = default) =>
        _connection.SendForJsonAsync<DiskUsageResponse>(HttpMethod.Get, "system/df", cancellationToken: cancellationToken);
}
