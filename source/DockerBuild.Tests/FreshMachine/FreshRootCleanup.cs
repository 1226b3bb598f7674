using System.Diagnostics;
using System.Text.RegularExpressions;
using DockerBuild.Tools.Process;

namespace DockerBuild.Tests.FreshMachine;

/// <summary>
/// Leaves nothing of a fresh root behind: the processes still running chrooted in it, and any mount under it. A bind
/// mount of /proc or /dev left under a directory that is then removed recursively would remove the host's files, so a
/// root is never removed while something is still mounted below it.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal static partial class FreshRootCleanup
{
    /// <summary>Kills, by process ID, every process whose root directory is under <paramref name="directory"/>, and waits for them.</summary>
    public static async Task EndProcessesAsync(string directory)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            var inside = ProcessesRootedUnder(directory);
            if (inside.Count == 0) return;
            if (DateTime.UtcNow > deadline)
                throw new InvalidOperationException($"processes {string.Join(", ", inside)} still run in {directory} after being killed");
            foreach (var pid in inside)
            {
                try
                {
                    using var process = Process.GetProcessById(pid);
                    process.Kill();
                }
                catch (ArgumentException) { } // already gone
                catch (InvalidOperationException) { }
            }
            await Task.Delay(200);
        }
    }

    /// <summary>
    /// Lazily unmounts every mount point under <paramref name="directory"/> (deepest first) and checks that none is
    /// left; throws, leaving the directory in place, when one is.
    /// </summary>
    public static void UnmountAll(string directory)
    {
        foreach (var mountPoint in MountPointsUnder(directory).OrderByDescending(m => m.Length))
            ProcessRunner.RunAsync(new ProcessSpec { FileName = "umount", Arguments = ["--lazy", mountPoint] }).GetAwaiter().GetResult();
        var left = MountPointsUnder(directory);
        if (left.Count > 0)
            throw new InvalidOperationException($"still mounted under {directory}, so it was not removed: {string.Join(", ", left)}");
    }

    /// <summary>The mount points of this mount namespace at or under <paramref name="directory"/>.</summary>
    public static IReadOnlyList<string> MountPointsUnder(string directory) =>
        File.ReadLines("/proc/self/mountinfo")
            .Select(line => Unescape(line.Split(' ')[4]))
            .Where(point => IsAtOrUnder(point, directory))
            .ToList();

    private static List<int> ProcessesRootedUnder(string directory)
    {
        var found = new List<int>();
        foreach (var entry in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(System.IO.Path.GetFileName(entry), out var pid)) continue;
            try
            {
                if (new FileInfo(System.IO.Path.Combine(entry, "root")).LinkTarget is { } root && IsAtOrUnder(root, directory)) found.Add(pid);
            }
            catch (IOException) { } // ended meanwhile
            catch (UnauthorizedAccessException) { }
        }
        return found;
    }

    private static bool IsAtOrUnder(string path, string directory) =>
        path == directory || path.StartsWith(directory.TrimEnd('/') + "/", StringComparison.Ordinal);

    // mountinfo writes space, tab, newline and backslash in paths as octal escapes.
    private static string Unescape(string field) => OctalEscape().Replace(field, m => ((char)Convert.ToInt32(m.Groups[1].Value, 8)).ToString());

    [GeneratedRegex(@"\\([0-7]{3})")]
    private static partial Regex OctalEscape();
}
