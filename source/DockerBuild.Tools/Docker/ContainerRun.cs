using DockerBuild.Tools.Docker.Models;
using DockerBuild.Tools.Docker.Streams;

namespace DockerBuild.Tools.Docker;

/// <summary>How a container run ended.</summary>
public sealed record ContainerRunResult(string ContainerId, long ExitCode);

/// <summary>What a container run is connected to: where its output goes and, optionally, where its input comes from.</summary>
public sealed record ContainerRunStreams(Stream Stdout, Stream Stderr)
{
    /// <summary>
    /// Streamed to the container's stdin, which is closed when this stream ends so the command reads end-of-file
    /// (<c>docker run -i</c>). null: the command's stdin is empty. The run does not wait for this stream to end: a
    /// terminal that is never read to its end does not hold a finished command.
    /// </summary>
    public Stream? Stdin { get; init; }

    /// <summary>Called with the container id once it started (e.g. to size its TTY).</summary>
    public Func<string, CancellationToken, Task>? Started { get; init; }
}

/// <summary>
/// Runs a container to completion: create, attach, start, pass its streams through (stdout and stderr kept apart unless
/// it has a TTY), wait, remove. Cancellation kills and removes the container before the cancellation surfaces.
/// </summary>
public static class ContainerRun
{
    public static Task<ContainerRunResult> RunAsync(this ContainerOperations containers, CreateContainerParameters parameters,
        Stream stdout, Stream stderr, CancellationToken cancellationToken = default) =>
        containers.RunAsync(parameters, new ContainerRunStreams(stdout, stderr), cancellationToken);

    public static async Task<ContainerRunResult> RunAsync(this ContainerOperations containers, CreateContainerParameters parameters,
        ContainerRunStreams streams, CancellationToken cancellationToken = default)
    {
        if (streams.Stdin is not null)
            parameters = parameters with { OpenStdin = true, AttachStdin = true, StdinOnce = true };
        var created = await containers.CreateContainerAsync(parameters, cancellationToken);
        var id = created.ID;
        try
        {
            var attach = new ContainerAttachParameters { Stdin = streams.Stdin is not null };
            using (var attached = await containers.AttachContainerAsync(id, parameters.Tty, attach, cancellationToken))
            using (var stopInput = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                await containers.StartContainerAsync(id, cancellationToken);
                if (streams.Stdin is { } stdin)
                    _ = PassInputAsync(attached, stdin, stopInput.Token);
                if (streams.Started is { } started)
                    await started(id, cancellationToken);
                await attached.CopyOutputToAsync(streams.Stdout, streams.Stderr, cancellationToken);
                stopInput.Cancel();
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

    /// <summary>
    /// Copies stdin to the container, then half-closes so the command reads end-of-file. A stdin that cannot be read
    /// counts as ended (the command must not hang on it); a connection that closed means the container is done.
    /// </summary>
    private static async Task PassInputAsync(MultiplexedStream attached, Stream stdin, CancellationToken cancellationToken)
    {
        var buffer = new byte[81920];
        try
        {
            while (true)
            {
                int read;
                try
                {
                    read = await stdin.ReadAsync(buffer, cancellationToken);
                }
                catch (IOException)
                {
                    read = 0;
                }
                if (read == 0) break;
                await attached.WriteAsync(buffer, 0, read, cancellationToken);
            }
            await attached.CloseWriteAsync(cancellationToken);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException or System.Net.Sockets.SocketException)
        {
            // The container exited (its end of the connection closed) or the run is over.
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
