using System.Diagnostics;
using System.Runtime.InteropServices;

namespace DockerBuild.Graph.Planning;

/// <summary>Opens a page in the user's browser when there is a user to see it: never in CI, on Linux only with a display.</summary>
public static class BrowserLauncher
{
    public static bool CanOpen(IReadOnlyDictionary<string, string?> environment)
    {
        if (!string.IsNullOrEmpty(environment.GetValueOrDefault("CI")))
            return false;
        if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows) || RuntimeInformation.IsOSPlatform(OSPlatform.OSX))
            return true;
        return !string.IsNullOrEmpty(environment.GetValueOrDefault("DISPLAY"))
            || !string.IsNullOrEmpty(environment.GetValueOrDefault("WAYLAND_DISPLAY"));
    }

    public static void OpenIfPossible(string path, IReadOnlyDictionary<string, string?> environment)
    {
        if (!CanOpen(environment))
            return;
        var start = RuntimeInformation.IsOSPlatform(OSPlatform.Windows)
            ? new ProcessStartInfo("cmd", ["/c", "start", "", path])
            : new ProcessStartInfo(RuntimeInformation.IsOSPlatform(OSPlatform.OSX) ? "open" : "xdg-open", [path]);
        start.UseShellExecute = false;
        try
        {
            using var process = Process.Start(start);
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            Log.Warning("Could not open a browser ({Reason}); open {Path} yourself.", e.Message, path);
        }
    }
}
