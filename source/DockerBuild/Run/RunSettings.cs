using DockerBuild.Tools.Terminal;

namespace DockerBuild.Run;

/// <summary>What Run is asked to do: the command, where, as whom, with which environment changes, attached to what.</summary>
public sealed record RunSettings
{
    /// <summary>The command and its arguments (after <c>--</c>); host paths under the work dir are rewritten to /work/….</summary>
    public required IReadOnlyList<string> Command { get; init; }
    /// <summary>Mounted at /work; must contain <see cref="CurrentDirectory"/>. Defaults to the current directory.</summary>
    public string? WorkDirectory { get; init; }
    /// <summary>The invoking directory; the container starts at its place under /work. Defaults to the process's.</summary>
    public string? CurrentDirectory { get; init; }
    /// <summary><c>K=V</c>: sets K.</summary>
    public IReadOnlyList<string> Env { get; init; } = [];
    /// <summary><c>K=V</c>: prepends V to the image's K, <c>:</c>-joined.</summary>
    public IReadOnlyList<string> EnvPrefix { get; init; } = [];
    /// <summary><c>K=V</c>: appends V to the image's K, <c>:</c>-joined.</summary>
    public IReadOnlyList<string> EnvSuffix { get; init; } = [];
    /// <summary><c>uid:gid</c> to run as; null runs as the invoking user.</summary>
    public string? User { get; init; }
    /// <summary>The container's name; null generates a unique one, so concurrent Runs never collide.</summary>
    public string? ContainerName { get; init; }
    /// <summary>
    /// Streamed to the command's stdin; when it ends the command reads end-of-file. null: the command's stdin is empty.
    /// <see cref="RunConsole.Attach"/> sets this process's stdin.
    /// </summary>
    public Stream? StandardInput { get; init; }
    /// <summary>Where the command's stdout goes (default: this process's stdout).</summary>
    public Stream? StandardOutput { get; init; }
    /// <summary>Where the command's stderr goes (default: this process's stderr). Unused with a <see cref="Terminal"/>: a TTY has one output.</summary>
    public Stream? StandardError { get; init; }
    /// <summary>
    /// The terminal the user runs Run from: the command gets a TTY of its size (following resizes) and the terminal is raw
    /// meanwhile, so every key, Ctrl-C included, goes to the command. null: no TTY.
    /// </summary>
    public HostTerminal? Terminal { get; init; }
}
