using Docker.DotNet;
using Docker.DotNet.Models;

namespace DockerBuild.Tools.Engine;

/// <summary>Containers of the engine: sessions made from a spec, a whole run in one call, and finding and removing leftovers.</summary>
public sealed class EngineContainers
{
    private readonly EngineConnection _connection;

    internal EngineContainers(EngineConnection connection) => _connection = connection;

    /// <summary>Creates (does not start) a container; dispose the session to remove it.</summary>
    public Task<ContainerSession> CreateAsync(ContainerSpec spec, CancellationToken cancellationToken) =>
        ContainerSession.CreateAsync(_connection, spec, cancellationToken);

    /// <summary>
    /// Runs a container to completion, as <c>docker run --rm</c> (with <c>-i</c> when there is stdin): returns the exit
    /// code. Cancellation kills and removes the container before the cancellation surfaces.
    /// </summary>
    public async Task<long> RunAsync(ContainerSpec spec, ContainerStreams streams, CancellationToken cancellationToken)
    {
        await using var session = await CreateAsync(spec with { Stdin = spec.Stdin || streams.Stdin is not null }, cancellationToken);
        return await session.RunAsync(streams, cancellationToken);
    }

    /// <summary>The ids of all containers (running or not) carrying <paramref name="label"/> (<c>key</c> or <c>key=value</c>).</summary>
    public async Task<IReadOnlyList<string>> ListIdsAsync(string label, CancellationToken cancellationToken) =>
        (await ListAsync(label, cancellationToken)).Select(c => c.Id).ToList();

    /// <summary>All containers (running or not) carrying <paramref name="label"/> (<c>key</c> or <c>key=value</c>).</summary>
    public async Task<IReadOnlyList<EngineContainer>> ListAsync(string label, CancellationToken cancellationToken)
    {
        var found = await _connection.RunAsync(c => c.Containers.ListContainersAsync(new ContainersListParameters
        {
            All = true,
            Filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [label] = true } },
        }, cancellationToken), cancellationToken);
        return found.Select(c => new EngineContainer(c.ID, c.Names?.FirstOrDefault()?.TrimStart('/') ?? "", c.Image, c.Command, c.State)).ToList();
    }

    /// <summary>Whether the engine has a container of this id or name.</summary>
    public async Task<bool> ExistsAsync(string idOrName, CancellationToken cancellationToken)
    {
        try
        {
            await _connection.RunAsync(c => c.Containers.InspectContainerAsync(idOrName, cancellationToken), cancellationToken);
            return true;
        }
        catch (EngineObjectNotFoundException)
        {
            return false;
        }
    }

    /// <summary>Removes a container, killing it when running; false when it was gone already (or is being removed).</summary>
    public Task<bool> RemoveAsync(string id, CancellationToken cancellationToken) =>
        _connection.RunAsync(c => RemoveQuietlyAsync(c, id, cancellationToken), cancellationToken);

    internal static async Task<bool> RemoveQuietlyAsync(DockerClient client, string id, CancellationToken cancellationToken)
    {
        try
        {
            await client.Containers.RemoveContainerAsync(id, new ContainerRemoveParameters { Force = true }, cancellationToken);
            return true;
        }
        catch (DockerApiException e) when (EngineErrors.IsGoneOrBusy(e))
        {
            return false;
        }
    }
}
