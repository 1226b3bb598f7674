using System.Runtime.InteropServices;

namespace DockerBuild.Tools.Terminal;

/// <summary>The libc terminal calls (POSIX termios and the window-size ioctl).</summary>
internal static class TerminalNative
{
    /// <summary>Big enough for any libc's struct termios (glibc's is 60 bytes); its layout is only touched by libc.</summary>
    public const int TermiosBufferSize = 256;
    public const int TCSANOW = 0;

    [StructLayout(LayoutKind.Sequential)]
    public struct WindowSize
    {
        public ushort Rows;
        public ushort Columns;
        public ushort XPixels;
        public ushort YPixels;
    }

    /// <summary>TIOCGWINSZ: its number is per architecture family in Linux.</summary>
    public static nuint GetWindowSizeRequest => RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.Ppc64le => 0x40087468,
        _ => 0x5413,
    };

    [DllImport("libc", EntryPoint = "isatty")]
    public static extern int IsATty(int fd);

    [DllImport("libc", EntryPoint = "tcgetattr", SetLastError = true)]
    public static extern int GetAttributes(int fd, byte[] termios);

    [DllImport("libc", EntryPoint = "tcsetattr", SetLastError = true)]
    public static extern int SetAttributes(int fd, int optionalActions, byte[] termios);

    [DllImport("libc", EntryPoint = "cfmakeraw")]
    public static extern void MakeRaw(byte[] termios);

    [DllImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    public static extern int GetWindowSize(int fd, nuint request, out WindowSize size);
}
