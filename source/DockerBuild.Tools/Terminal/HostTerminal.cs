using System.Runtime.InteropServices;

namespace DockerBuild.Tools.Terminal;

/// <summary>A terminal's size in character cells.</summary>
public readonly record struct TerminalSize(int Rows, int Columns);

/// <summary>
/// The terminal this process's stdin and stdout are: its size, resize notifications (SIGWINCH), and raw mode for
/// passing keystrokes through untouched (as <c>docker run -t</c> does).
/// </summary>
public sealed class HostTerminal
{
    private const int StandardInput = 0;
    private const int StandardOutput = 1;

    private HostTerminal()
    {
    }

    /// <summary>Whether file descriptor <paramref name="fd"/> of this process is a terminal.</summary>
    public static bool IsTerminal(int fd) => !OperatingSystem.IsWindows() && TerminalNative.IsATty(fd) == 1;

    /// <summary>The terminal when both stdin and stdout are one (what the dockcross script checks before -t); else null.</summary>
    public static HostTerminal? OfStandardStreams() => IsTerminal(StandardInput) && IsTerminal(StandardOutput) ? new HostTerminal() : null;

    /// <summary>The current size; null when the terminal does not report one.</summary>
    public TerminalSize? Size =>
        TerminalNative.GetWindowSize(StandardOutput, TerminalNative.GetWindowSizeRequest, out var size) == 0 && size.Rows > 0 && size.Columns > 0
            ? new TerminalSize(size.Rows, size.Columns)
            : null;

    /// <summary>Calls <paramref name="onResize"/> (on a signal thread) each time the window size changes, until disposed.</summary>
    public IDisposable OnResize(Action<TerminalSize> onResize)
    {
        if (OperatingSystem.IsWindows())
            throw new PlatformNotSupportedException("terminal resize notifications (SIGWINCH) need a Unix host.");
        return PosixSignalRegistration.Create(PosixSignal.SIGWINCH, _ =>
        {
            if (Size is { } size) onResize(size);
        });
    }

    /// <summary>
    /// Puts the terminal in raw mode (no echo, no line editing, no signals from Ctrl-C or Ctrl-Z, no output processing)
    /// until the returned handle is disposed or the process exits, whichever comes first.
    /// </summary>
    public IDisposable EnterRawMode() => RawMode.Enter(StandardInput);

    /// <summary>Saved settings, put back exactly once: by Dispose, or at process exit if Dispose never ran.</summary>
    private sealed class RawMode : IDisposable
    {
        private readonly int _fd;
        private readonly byte[] _saved;
        private int _restored;

        private RawMode(int fd, byte[] saved)
        {
            _fd = fd;
            _saved = saved;
            AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
        }

        public static RawMode Enter(int fd)
        {
            var saved = new byte[TerminalNative.TermiosBufferSize];
            if (TerminalNative.GetAttributes(fd, saved) != 0)
                throw new IOException($"cannot read the terminal settings of file descriptor {fd}: {Marshal.GetLastPInvokeErrorMessage()}");
            var raw = (byte[])saved.Clone();
            TerminalNative.MakeRaw(raw);
            var mode = new RawMode(fd, saved);
            if (TerminalNative.SetAttributes(fd, TerminalNative.TCSANOW, raw) != 0)
            {
                mode.Dispose();
                throw new IOException($"cannot put the terminal (file descriptor {fd}) in raw mode: {Marshal.GetLastPInvokeErrorMessage()}");
            }
            return mode;
        }

        private void OnProcessExit(object? sender, EventArgs e) => Restore();

        private void Restore()
        {
            if (Interlocked.Exchange(ref _restored, 1) == 1) return;
            TerminalNative.SetAttributes(_fd, TerminalNative.TCSANOW, _saved);
        }

        public void Dispose()
        {
            Restore();
            AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        }
    }
}
