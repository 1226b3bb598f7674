namespace DockerBuild.Run;

/// <summary>What Run is asked to do: the command, where, as whom, with which environment changes.</summary>
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
    /// The command reads standard input. Not supported yet (the engine client has no stdin attach); asking for it fails
    /// clearly instead of running the command on an empty stdin.
    /// </summary>
    public bool Interactive { get; init; }
    /// <summary>Where the command's stdout goes (default: this process's stdout).</summary>
    public Stream? StandardOutput { get; init; }
    /// <summary>Where the command's stderr goes (default: this process's stderr).</summary>
    public Stream? StandardError { get; init; }
}
