using DockerBuild.Tools.Terminal;
using Microsoft.Win32.SafeHandles;

namespace DockerBuild.Run;

/// <summary>
/// This process's own stdin, stdout and stderr as Run attaches them, like <c>docker run -i</c>, plus <c>-t</c> when
/// stdin and stdout are both a terminal (the dockcross script's rule: output redirected to a file stays free of a
/// TTY's carriage returns and keeps stderr apart).
/// </summary>
public static class RunConsole
{
    private const int StandardInputDescriptor = 0;

    public static RunSettings Attach(RunSettings settings) => settings with
    {
        StandardInput = OpenStandardInput(),
        StandardOutput = Console.OpenStandardOutput(),
        StandardError = Console.OpenStandardError(),
        Terminal = HostTerminal.OfStandardStreams(),
    };

    /// <summary>
    /// File descriptor 0 itself: the console's own stdin stream edits lines (and echoes) when stdin is a terminal, which
    /// would fight the raw terminal. A stdin that was closed or cannot be opened counts as empty.
    /// </summary>
    private static Stream OpenStandardInput()
    {
        if (WasClosedAtStart()) return Stream.Null;
        try
        {
            return new FileStream(new SafeFileHandle(StandardInputDescriptor, ownsHandle: false), FileAccess.Read, bufferSize: 0);
        }
        catch (Exception e) when (e is IOException or ArgumentException or UnauthorizedAccessException)
        {
            return Stream.Null;
        }
    }

    /// <summary>
    /// Whether stdin was closed when this process started: the runtime's first descriptors then took number 0 (its
    /// signal pipe, whose writing end is in this process too, or an event descriptor), and reading that would hang Run
    /// and swallow signals. A pipe the user gives has its writing end in another process.
    /// </summary>
    private static bool WasClosedAtStart()
    {
        const string descriptors = "/proc/self/fd";
        if (!Directory.Exists(descriptors)) return false;
        var stdin = Target(Path.Combine(descriptors, "0"));
        if (stdin is null || stdin.StartsWith("anon_inode:", StringComparison.Ordinal)) return true;
        if (!stdin.StartsWith("pipe:", StringComparison.Ordinal)) return false;
        return Directory.EnumerateFileSystemEntries(descriptors)
            .Where(fd => Path.GetFileName(fd) != "0" && Target(fd) == stdin)
            .Any(fd => OpenForWriting(Path.GetFileName(fd)));
    }

    /// <summary>Whether this process's descriptor <paramref name="fd"/> was opened for writing (the flags line of /proc/self/fdinfo).</summary>
    private static bool OpenForWriting(string fd)
    {
        try
        {
            var flags = File.ReadLines($"/proc/self/fdinfo/{fd}").FirstOrDefault(l => l.StartsWith("flags:", StringComparison.Ordinal));
            return flags is not null && (Convert.ToInt32(flags["flags:".Length..].Trim(), 8) & 3) != 0;
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static string? Target(string descriptor)
    {
        try
        {
            return new FileInfo(descriptor).LinkTarget;
        }
        catch (IOException)
        {
            return null; // closed while listing
        }
    }
}
