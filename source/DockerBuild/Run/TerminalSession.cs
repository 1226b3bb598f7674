using DockerBuild.Tools.Docker;
using DockerBuild.Tools.Docker.Models;
using DockerBuild.Tools.Terminal;

namespace DockerBuild.Run;

/// <summary>
/// The user's terminal while a Run's command has a TTY: raw, so keys (Ctrl-C included) reach the command, and the
/// command's TTY kept at the terminal's size. Disposing puts the terminal's settings back.
/// </summary>
internal sealed class TerminalSession : IDisposable
{
    private readonly HostTerminal _terminal;
    private readonly ContainerOperations _containers;
    private readonly IDisposable _rawMode;
    private IDisposable? _resizes;

    private TerminalSession(HostTerminal terminal, ContainerOperations containers, IDisposable rawMode)
    {
        _terminal = terminal;
        _containers = containers;
        _rawMode = rawMode;
    }

    public static TerminalSession Enter(HostTerminal terminal, ContainerOperations containers) => new(terminal, containers, terminal.EnterRawMode());

    /// <summary>Sizes the started container's TTY like the terminal, now and on every resize (SIGWINCH).</summary>
    public async Task FollowAsync(string containerId, CancellationToken cancellationToken)
    {
        _resizes = _terminal.OnResize(size => _ = ResizeAsync(containerId, size, CancellationToken.None));
        if (_terminal.Size is { } size)
            await ResizeAsync(containerId, size, cancellationToken);
    }

    private async Task ResizeAsync(string containerId, TerminalSize size, CancellationToken cancellationToken)
    {
        try
        {
            await _containers.ResizeContainerTtyAsync(containerId, new ContainerResizeParameters { Height = size.Rows, Width = size.Columns }, cancellationToken);
        }
        catch (DockerException)
        {
            // The command already ended (the engine answers "not running"): nothing left to size.
        }
    }

    public void Dispose()
    {
        _resizes?.Dispose();
        _rawMode.Dispose();
    }
}
