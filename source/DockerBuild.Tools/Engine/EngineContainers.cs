using DockerBuild.Tools.Docker;
using DockerBuild.Tools.Docker.Models;

namespace DockerBuild.Tools.Engine;

/// <summary>Containers of the engine: sessions made from a spec, a whole run in one call, and finding and removing leftovers.</summary>
public sealed class EngineContainers
{
    private readonly ContainerOperations _containers;

    internal EngineContainers(ContainerOperations containers) => _containers = containers;

    /// <summary>Creates (does not start) a container; dispose the session to remove it.</summary>
    public Task<ContainerSession> CreateAsync(ContainerSpec spec, CancellationToken cancellationToken) =>
        ContainerSession.CreateAsync(_containers, spec, cancellationToken);

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
    public async Task<IReadOnlyList<string>> ListIdsAsync(string label, CancellationToken cancellationToken)
    {
        var found = await EngineErrors.TranslateAsync(() => _containers.ListContainersAsync(new ContainersListParameters
        {
            All = true,
            Filters = new Dictionary<string, IReadOnlyList<string>> { ["label"] = [label] },
        }, cancellationToken));
        return found.Select(c => c.ID).ToList();
    }

    /// <summary>Whether the engine has a container of this id or name.</summary>
    public async Task<bool> ExistsAsync(string idOrName, CancellationToken cancellationToken)
    {
        try
        {
            await EngineErrors.TranslateAsync(() => _containers.InspectContainerAsync(idOrName, cancellationToken));
            return true;
        }
        catch (EngineObjectNotFoundException)
        {
            return false;
        }
    }

    /// <summary>Removes a container, killing it when running; false when it was gone already (or is being removed).</summary>
    public Task<bool> RemoveAsync(string id, CancellationToken cancellationToken) =>
        EngineErrors.TranslateAsync(() => RemoveQuietlyAsync(_containers, id, cancellationToken));

    internal static async Task<bool> RemoveQuietlyAsync(ContainerOperations containers, string id, CancellationToken cancellationToken)
    {
        try
        {
            await containers.RemoveContainerAsync(id, new ContainerRemoveParameters { Force = true }, cancellationToken);
            return true;
        }
        catch (DockerApiException e) when (e.StatusCode is System.Net.HttpStatusCode.NotFound or System.Net.HttpStatusCode.Conflict)
        {
            // Gone already, or the engine is removing it.
            return false;
        }
    }
}
