using DockerBuild.Tools.Engine;
using DockerBuild.Tools.Terminal;

namespace DockerBuild.Run;

/// <summary>
/// The user's terminal while a Run's command has a TTY: raw, so keys (Ctrl-C included) reach the command, and the
/// command's TTY kept at the terminal's size. Disposing puts the terminal's settings back.
/// </summary>
internal sealed class TerminalSession : IDisposable
{
    private readonly HostTerminal _terminal;
    private readonly IDisposable _rawMode;
    private IDisposable? _resizes;

    private TerminalSession(HostTerminal terminal, IDisposable rawMode)
    {
        _terminal = terminal;
        _rawMode = rawMode;
    }

    public static TerminalSession Enter(HostTerminal terminal) => new(terminal, terminal.EnterRawMode());

    /// <summary>Sizes the started container's TTY like the terminal, now and on every resize (SIGWINCH).</summary>
    public async Task FollowAsync(ContainerSession container, CancellationToken cancellationToken)
    {
        _resizes = _terminal.OnResize(size => _ = ResizeAsync(container, size, CancellationToken.None));
        if (_terminal.Size is { } size)
            await ResizeAsync(container, size, cancellationToken);
    }

    private static async Task ResizeAsync(ContainerSession container, TerminalSize size, CancellationToken cancellationToken)
    {
        try
        {
            await container.ResizeTtyAsync(size.Rows, size.Columns, cancellationToken);
        }
        catch (EngineException)
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
