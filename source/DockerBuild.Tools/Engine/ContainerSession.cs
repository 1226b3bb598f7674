using Docker.DotNet;
using Docker.DotNet.Models;

namespace DockerBuild.Tools.Engine;

/// <summary>
/// One container from creation to removal: copy trees in, run it with its streams passed through (stdout and stderr
/// kept apart unless it has a TTY), copy trees out. Disposing removes it, killing it first when a run was cancelled,
/// and works even when the caller's token is already cancelled.
/// </summary>
public sealed class ContainerSession : IAsyncDisposable
{
    private readonly EngineConnection _connection;
    private bool _interrupted;

    private ContainerSession(EngineConnection connection, string id, ContainerSpec spec)
    {
        _connection = connection;
        Id = id;
        Spec = spec;
    }

    public string Id { get; }
    public ContainerSpec Spec { get; }

    internal static async Task<ContainerSession> CreateAsync(EngineConnection connection, ContainerSpec spec, CancellationToken cancellationToken)
    {
        var created = await connection.RunAsync(c => c.Containers.CreateContainerAsync(Parameters(spec), cancellationToken), cancellationToken);
        return new ContainerSession(connection, created.ID, spec);
    }

    /// <summary>Extracts a tar into the container's root (paths in it are relative to /); works with remote engines.</summary>
    public Task CopyInAsync(Stream tar, CancellationToken cancellationToken) => _connection.RunAsync(c =>
        c.Containers.ExtractArchiveToContainerAsync(Id, new CopyToContainerParameters { Path = "/" }, tar, cancellationToken), cancellationToken);

    /// <summary>
    /// A tar of <paramref name="path"/> (its entries named from the path's last part); null when the container has no
    /// such path. Dispose it to release the connection.
    /// </summary>
    public async Task<Stream?> CopyOutAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            var archive = await _connection.RunAsync(c =>
                c.Containers.GetArchiveFromContainerAsync(Id, new ContainerPathStatParameters { Path = path }, statOnly: false, cancellationToken), cancellationToken);
            return archive.Stream;
        }
        catch (EngineObjectNotFoundException)
        {
            return null;
        }
    }

    /// <summary>
    /// Starts the container with its streams attached and returns the command's exit code once it ended. Stdin needs a
    /// container made with <see cref="ContainerSpec.Stdin"/>.
    /// </summary>
    public async Task<long> RunAsync(ContainerStreams streams, CancellationToken cancellationToken)
    {
        if (streams.Stdin is not null && !Spec.Stdin)
            throw new InvalidOperationException($"container {Id} ({Spec.Image}) was made without stdin (ContainerSpec.Stdin), so a run cannot feed it input.");
        try
        {
            return await _connection.RunAsync(c => AttachStartWaitAsync(c, streams, cancellationToken), cancellationToken);
        }
        catch (OperationCanceledException)
        {
            _interrupted = true;
            throw;
        }
        catch (Exception e) when (cancellationToken.IsCancellationRequested && e is IOException or ObjectDisposedException or EngineException)
        {
            // The connection was closed to stop the run: what the caller sees is the cancellation.
            _interrupted = true;
            throw new OperationCanceledException("the run was cancelled", e, cancellationToken);
        }
    }

    /// <summary>Sets the size of the running container's TTY (the command gets SIGWINCH).</summary>
    public Task ResizeTtyAsync(int rows, int columns, CancellationToken cancellationToken) => _connection.RunAsync(c =>
        c.Containers.ResizeContainerTtyAsync(Id, new ContainerResizeParameters { Height = rows, Width = columns }, cancellationToken), cancellationToken);

    private async Task<long> AttachStartWaitAsync(DockerClient client, ContainerStreams streams, CancellationToken cancellationToken)
    {
        // Attached before the start, so no output is missed; the package tells a TTY's raw stream from a multiplexed one.
        var attach = new ContainerAttachParameters { Stream = true, Stdout = true, Stderr = true, Stdin = streams.Stdin is not null };
        using (var attached = DuplexAttachStream.Of(await _connection.AttachClient.Containers.AttachContainerAsync(Id, attach, cancellationToken), !Spec.Tty))
        using (var stopInput = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        // Closing the connection ends a read or write the transport would not give up on cancellation alone.
        using (cancellationToken.Register(attached.Dispose))
        {
            await client.Containers.StartContainerAsync(Id, new ContainerStartParameters(), cancellationToken);
            if (streams.Stdin is { } stdin)
                _ = PassInputAsync(attached, stdin, stopInput.Token);
            if (streams.Started is { } started)
                await started(this, cancellationToken);
            await attached.CopyOutputToAsync(Stream.Null, streams.Stdout, streams.Stderr, cancellationToken);
            stopInput.Cancel();
        }
        var exit = await client.Containers.WaitContainerAsync(Id, cancellationToken);
        if (exit.Error?.Message is { Length: > 0 } error)
            throw new EngineException($"waiting for container {Id} ({Spec.Image}) failed: {error}", error);
        return exit.StatusCode;
    }

    /// <summary>
    /// Copies stdin to the container, then half-closes (the transport's CloseWrite: a socket shutdown, over TLS after
    /// close_notify, with the read side kept open) so the command reads end-of-file. A stdin that cannot be read
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
            attached.CloseWrite();
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException or System.Net.Sockets.SocketException)
        {
            // The container exited (its end of the connection closed) or the run is over.
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Cleanup must run even though the caller's token is cancelled.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        if (_interrupted)
        {
            try
            {
                await _connection.Client.Containers.KillContainerAsync(Id, new ContainerKillParameters { Signal = "KILL" }, timeout.Token);
            }
            catch (DockerApiException)
            {
                // Already stopped (409) or gone (404): removal below settles it either way.
            }
        }
        await _connection.RunAsync(c => EngineContainers.RemoveQuietlyAsync(c, Id, timeout.Token), timeout.Token);
    }

    // The package's models are not annotated for null; null here means "not sent", so the engine's default applies.
    private static CreateContainerParameters Parameters(ContainerSpec spec) => new()
    {
        Image = spec.Image,
        Name = spec.Name,
        Platform = spec.Platform,
        Entrypoint = spec.Entrypoint?.ToList(),
        Cmd = spec.Command?.ToList(),
        Env = spec.Env?.ToList(),
        User = spec.User!,
        WorkingDir = spec.WorkingDirectory!,
        Labels = spec.Labels?.ToDictionary(),
        Tty = spec.Tty,
        OpenStdin = spec.Stdin,
        AttachStdin = spec.Stdin,
        StdinOnce = spec.Stdin,
        AttachStdout = true,
        AttachStderr = true,
        HostConfig = new HostConfig
        {
            NetworkMode = spec.NoNetwork ? "none" : null!,
            Mounts = spec.Mounts.Count == 0 ? null! : spec.Mounts.Select(m => new Mount { Type = "bind", Source = m.Source, Target = m.Target }).ToList(),
            Init = spec.Init ? true : null,
            ConsoleSize = spec.TtySize is { } size ? new ConsoleSize { Height = (ulong)size.Rows, Width = (ulong)size.Columns } : null!,
        },
    };
}
