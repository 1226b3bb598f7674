namespace DockerBuild.Tools.Engine;

/// <summary>What a container is made of: its image, command, environment and how it is isolated.</summary>
public sealed record ContainerSpec
{
    public required string Image { get; init; }
    /// <summary>A name unique on the engine; null lets the engine choose.</summary>
    public string? Name { get; init; }
    /// <summary>The engine's platform string of the image (<c>linux/arm64</c>); null: the image's own.</summary>
    public string? Platform { get; init; }
    /// <summary>Replaces the image's entrypoint; null keeps it.</summary>
    public IReadOnlyList<string>? Entrypoint { get; init; }
    /// <summary>The command; null runs the image's default.</summary>
    public IReadOnlyList<string>? Command { get; init; }
    /// <summary><c>KEY=value</c> entries; they replace the image's values of those keys.</summary>
    public IReadOnlyList<string>? Env { get; init; }
    /// <summary><c>uid:gid</c> or a user name; null: the image's.</summary>
    public string? User { get; init; }
    public string? WorkingDirectory { get; init; }
    public IReadOnlyDictionary<string, string>? Labels { get; init; }
    /// <summary>Nothing in the container can reach any network.</summary>
    public bool NoNetwork { get; init; }
    /// <summary>Host directories (on the engine's host) bound into the container.</summary>
    public IReadOnlyList<BindMount> Mounts { get; init; } = [];
    /// <summary>The container's stdin is kept open for a run's input (<see cref="ContainerStreams.Stdin"/>), and closed when it ends.</summary>
    public bool Stdin { get; init; }
    /// <summary>The command gets a TTY (stdout and stderr become one stream).</summary>
    public bool Tty { get; init; }
    /// <summary>The engine's init runs as PID 1, so a TTY's Ctrl-C (SIGINT) reaches a command without a handler.</summary>
    public bool Init { get; init; }
    /// <summary>The TTY's size at creation (engines from API 1.42; older ones only by a resize after start).</summary>
    public (int Rows, int Columns)? TtySize { get; init; }
}

/// <summary>A host directory bound at <see cref="Target"/> in the container.</summary>
public sealed record BindMount(string Source, string Target);

/// <summary>What a container run is connected to: where its output goes and, optionally, where its input comes from.</summary>
public sealed record ContainerStreams(Stream Stdout, Stream Stderr)
{
    /// <summary>
    /// Streamed to the container's stdin, which is closed when this stream ends so the command reads end-of-file
    /// (<c>docker run -i</c>). null: the command's stdin is empty. The run does not wait for this stream to end: a
    /// terminal that is never read to its end does not hold a finished command.
    /// </summary>
    public Stream? Stdin { get; init; }

    /// <summary>Called once the container started (e.g. to size its TTY).</summary>
    public Func<ContainerSession, CancellationToken, Task>? Started { get; init; }
}
