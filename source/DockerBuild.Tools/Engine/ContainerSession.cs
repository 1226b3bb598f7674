using DockerBuild.Tools.Docker;
using DockerBuild.Tools.Docker.Models;
using DockerBuild.Tools.Docker.Streams;

namespace DockerBuild.Tools.Engine;

/// <summary>
/// One container from creation to removal: copy trees in, run it with its streams passed through (stdout and stderr
/// kept apart unless it has a TTY), copy trees out. Disposing removes it, killing it first when a run was cancelled,
/// and works even when the caller's token is already cancelled.
/// </summary>
public sealed class ContainerSession : IAsyncDisposable
{
    private readonly ContainerOperations _containers;
    private bool _interrupted;

    private ContainerSession(ContainerOperations containers, string id, ContainerSpec spec)
    {
        _containers = containers;
        Id = id;
        Spec = spec;
    }

    public string Id { get; }
    public ContainerSpec Spec { get; }

    internal static async Task<ContainerSession> CreateAsync(ContainerOperations containers, ContainerSpec spec, CancellationToken cancellationToken)
    {
        var created = await EngineErrors.TranslateAsync(() => containers.CreateContainerAsync(Parameters(spec), cancellationToken));
        return new ContainerSession(containers, created.ID, spec);
    }

    /// <summary>Extracts a tar into the container's root (paths in it are relative to /); works with remote engines.</summary>
    public Task CopyInAsync(Stream tar, CancellationToken cancellationToken) => EngineErrors.TranslateAsync(() =>
        _containers.ExtractArchiveToContainerAsync(Id, new ContainerPathStatParameters { Path = "/" }, tar, cancellationToken));

    /// <summary>
    /// A tar of <paramref name="path"/> (its entries named from the path's last part); null when the container has no
    /// such path. Dispose it to release the connection.
    /// </summary>
    public async Task<Stream?> CopyOutAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            var archive = await EngineErrors.TranslateAsync(() =>
                _containers.GetArchiveFromContainerAsync(Id, new GetArchiveFromContainerParameters { Path = path }, cancellationToken));
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
            return await EngineErrors.TranslateAsync(() => AttachStartWaitAsync(streams, cancellationToken));
        }
        catch (OperationCanceledException)
        {
            _interrupted = true;
            throw;
        }
    }

    /// <summary>Sets the size of the running container's TTY (the command gets SIGWINCH).</summary>
    public Task ResizeTtyAsync(int rows, int columns, CancellationToken cancellationToken) => EngineErrors.TranslateAsync(() =>
        _containers.ResizeContainerTtyAsync(Id, new ContainerResizeParameters { Height = rows, Width = columns }, cancellationToken));

    private async Task<long> AttachStartWaitAsync(ContainerStreams streams, CancellationToken cancellationToken)
    {
        var attach = new ContainerAttachParameters { Stdin = streams.Stdin is not null };
        using (var attached = await _containers.AttachContainerAsync(Id, Spec.Tty, attach, cancellationToken))
        using (var stopInput = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            await _containers.StartContainerAsync(Id, cancellationToken);
            if (streams.Stdin is { } stdin)
                _ = PassInputAsync(attached, stdin, stopInput.Token);
            if (streams.Started is { } started)
                await started(this, cancellationToken);
            await attached.CopyOutputToAsync(streams.Stdout, streams.Stderr, cancellationToken);
            stopInput.Cancel();
        }
        var exit = await _containers.WaitContainerAsync(Id, cancellationToken);
        if (exit.Error?.Message is { Length: > 0 } error)
            throw new EngineException($"waiting for container {Id} ({Spec.Image}) failed: {error}", error);
        return exit.StatusCode;
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

    public async ValueTask DisposeAsync()
    {
        // Cleanup must run even though the caller's token is cancelled.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        if (_interrupted)
        {
            try
            {
                await _containers.KillContainerAsync(Id, new ContainerKillParameters(), timeout.Token);
            }
            catch (DockerApiException)
            {
                // Already stopped (409) or gone (404): removal below settles it either way.
            }
        }
        await EngineErrors.TranslateAsync(() => EngineContainers.RemoveQuietlyAsync(_containers, Id, timeout.Token));
    }

    private static CreateContainerParameters Parameters(ContainerSpec spec) => new()
    {
        Image = spec.Image,
        Name = spec.Name,
        Platform = spec.Platform,
        Entrypoint = spec.Entrypoint,
        Cmd = spec.Command,
        Env = spec.Env,
        User = spec.User,
        WorkingDir = spec.WorkingDirectory,
        Labels = spec.Labels,
        Tty = spec.Tty,
        OpenStdin = spec.Stdin,
        AttachStdin = spec.Stdin,
        StdinOnce = spec.Stdin,
        HostConfig = new HostConfig
        {
            NetworkMode = spec.NoNetwork ? "none" : null,
            Mounts = spec.Mounts.Count == 0 ? null : spec.Mounts.Select(m => new Mount { Source = m.Source, Target = m.Target }).ToList(),
            Init = spec.Init ? true : null,
            ConsoleSize = spec.TtySize is { } size ? [size.Rows, size.Columns] : null,
        },
    };
}
