using System.Globalization;

namespace DockerBuild.Tools.IO;

/// <summary>
/// A write that ran out of room, said in one line: <c>no space left on &lt;path&gt; (needed ≈N MiB, free M MiB)</c>. The
/// writers that raise it leave nothing half-written, so the rerun completes once space is freed.
/// </summary>
public sealed class DiskFullException(string path, long neededBytes, long freeBytes, IOException? inner, string? detail = null)
    : IOException($"no space left on {path} (needed ≈{Mib(neededBytes)} MiB, free {FreeMib(freeBytes)} MiB){(detail is null ? "" : ": " + detail)}", inner)
{
    public string Path { get; } = path;

    /// <summary>
    /// Said before a large write starts (a download whose size is announced): throws when the filesystem holding
    /// <paramref name="path"/> has less free room than <paramref name="neededBytes"/>, so nothing is written at all.
    /// </summary>
    /// <param name="detail">What was about to be written, ending the line.</param>
    public static void EnsureRoom(string path, long neededBytes, string detail)
    {
        var free = FreeBytes(path);
        if (free >= 0 && neededBytes > free) throw new DiskFullException(path, neededBytes, free, null, detail);
    }

    /// <summary>A size needed, in whole MiB rounded up (a need is never understated).</summary>
    public static string Mib(long bytes) => bytes < 0 ? "?" : Math.Ceiling(bytes / (double)(1L << 20)).ToString("0", CultureInfo.InvariantCulture);

    // Free room rounds down, so a few KiB left reads "free 0 MiB", never as much as a 1 MiB need.
    private static string FreeMib(long bytes) => bytes < 0 ? "?" : (bytes >> 20).ToString(CultureInfo.InvariantCulture);

    /// <summary>True when <paramref name="e"/> is the system's "no space left on device" (ENOSPC) or "disk quota exceeded" (EDQUOT).</summary>
    public static bool IsNoSpace(IOException e) =>
        e is not DiskFullException
        && (e.HResult is 28 or 122 or unchecked((int)0x80070070) or 0x70
            || e.Message.Contains("No space left", StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// The full disk behind <paramref name="failure"/> or one of its causes, as one line: a writer's own, else the
    /// system's error for an unguarded write (named by the path in its message, else <paramref name="fallbackPath"/>;
    /// what it needed is not known). Null when the failure is something else.
    /// </summary>
    public static DiskFullException? Find(Exception failure, string fallbackPath)
    {
        for (Exception? current = failure; current is not null; current = current.InnerException)
        {
            if (current is DiskFullException full) return full;
            if (current is IOException io && IsNoSpace(io))
            {
                var path = System.Text.RegularExpressions.Regex.Match(io.Message, "'(/[^']*)'") is { Success: true } named ? named.Groups[1].Value : fallbackPath;
                return new DiskFullException(path, -1, FreeBytes(path), io);
            }
        }
        return null;
    }

    /// <summary>Runs a write of about <paramref name="neededBytes"/> to <paramref name="path"/>; a full disk becomes a <see cref="DiskFullException"/>.</summary>
    public static async Task GuardAsync(string path, long neededBytes, Func<Task> write)
    {
        try
        {
            await write();
        }
        catch (IOException e) when (IsNoSpace(e))
        {
            throw new DiskFullException(path, neededBytes, FreeBytes(path), e);
        }
    }

    /// <summary>Runs a write of about <paramref name="neededBytes"/> that returns a result; a full disk becomes a <see cref="DiskFullException"/>.</summary>
    public static async Task<T> GuardAsync<T>(string path, long neededBytes, Func<Task<T>> write)
    {
        try
        {
            return await write();
        }
        catch (IOException e) when (IsNoSpace(e))
        {
            throw new DiskFullException(path, neededBytes, FreeBytes(path), e);
        }
    }

    /// <summary>Free bytes (for this user) on the filesystem that holds <paramref name="path"/>; -1 when it cannot be told.</summary>
    public static long FreeBytes(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        try
        {
            var drive = DriveInfo.GetDrives()
                .Where(d => full == d.RootDirectory.FullName.TrimEnd('/') || full.StartsWith(d.RootDirectory.FullName.TrimEnd('/') + "/", StringComparison.Ordinal)
                            || d.RootDirectory.FullName == "/")
                .MaxBy(d => d.RootDirectory.FullName.Length);
            return drive?.AvailableFreeSpace ?? -1;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return -1;
        }
    }
}
