using DockerBuild.Tools.Docker.Models;

namespace DockerBuild.Tools.Docker;

/// <summary>How a container run ended.</summary>
public sealed record ContainerRunResult(string ContainerId, long ExitCode);

/// <summary>
/// Runs a container to completion: create, attach, start, follow its output (stdout and stderr kept apart), wait, remove.
/// Cancellation kills and removes the container before the cancellation surfaces.
/// </summary>
public static class ContainerRun
{
    public static async Task<ContainerRunResult> RunAsync(this ContainerOperations containers, CreateContainerParameters parameters,
        Stream stdout, Stream stderr, CancellationToken cancellationToken = default)
    {
        var created = await containers.CreateContainerAsync(parameters, cancellationToken);
        var id = created.ID;
        try
        {
            using (var output = await containers.AttachContainerAsync(id, parameters.Tty, new ContainerAttachParameters(), cancellationToken))
            {
                await containers.StartContainerAsync(id, cancellationToken);
                await output.CopyOutputToAsync(stdout, stderr, cancellationToken);
            }
            var exit = await containers.WaitContainerAsync(id, cancellationToken);
            if (exit.Error?.Message is { Length: > 0 } error)
                throw new DockerApiException(System.Net.HttpStatusCode.InternalServerError, $"waiting for container {id} ({parameters.Image}) failed: {error}");
            return new ContainerRunResult(id, exit.StatusCode);
        }
        finally
        {
            // Cleanup must run even though the caller's token is cancelled.
            await RemoveQuietlyAsync(containers, id, kill: cancellationToken.IsCancellationRequested);
        }
    }

    private static async Task RemoveQuietlyAsync(ContainerOperations containers, string id, bool kill)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        if (kill)
        {
            try
            {
                await containers.KillContainerAsync(id, new ContainerKillParameters(), timeout.Token);
            }
            catch (DockerApiException)
            {
                // Already stopped (409) or gone (404): removal below settles it either way.
            }
        }
        try
        {
            await containers.RemoveContainerAsync(id, new ContainerRemoveParameters { Force = true }, timeout.Token);
        }
        catch (DockerApiException e) when (e.StatusCode is System.Net.HttpStatusCode.NotFound or System.Net.HttpStatusCode.Conflict)
        {
            // Gone already, or the engine is removing it.
        }
    }
}
