using DockerBuild.Tools.IO;

namespace DockerBuild.Tools.Locking;

/// <summary>
/// An exclusive lock shared between processes: a lock file opened with <see cref="FileShare.None"/> (an advisory
/// whole-file lock on Unix, released by the kernel when the holder dies, so a killed run never leaves it stuck).
/// The holder's description is kept in a sibling <c>.owner</c> file so a waiting process can say whom it waits for.
/// </summary>
public sealed class ExclusiveFileLock : IDisposable
{
    private readonly FileStream _handle;
    private readonly string _ownerFile;

    private ExclusiveFileLock(FileStream handle, string ownerFile)
    {
        _handle = handle;
        _ownerFile = ownerFile;
    }

    /// <summary>Waits up to <paramref name="timeout"/> (infinite allowed); calls <paramref name="onWait"/> once with the holder's description.</summary>
    public static async Task<ExclusiveFileLock> AcquireAsync(string lockFile, string owner, TimeSpan timeout,
        Action<string?>? onWait, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(lockFile))!);
        var ownerFile = lockFile + ".owner";
        var deadline = timeout == Timeout.InfiniteTimeSpan ? DateTime.MaxValue : DateTime.UtcNow + timeout;
        var announced = false;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                var handle = new FileStream(lockFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                WriteOwner(handle, ownerFile, owner);
                return new ExclusiveFileLock(handle, ownerFile);
            }
            catch (IOException e) when (e is not DiskFullException && DateTime.UtcNow < deadline)
            {
                if (!announced)
                {
                    onWait?.Invoke(ReadOwner(ownerFile));
                    announced = true;
                }
                await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken);
            }
            catch (IOException e) when (e is not DiskFullException)
            {
                var holder = ReadOwner(ownerFile);
                throw new TimeoutException(
                    $"timed out after {timeout.TotalSeconds:0} s waiting for the lock \"{lockFile}\"{(holder is null ? "" : $" held by {holder}")}", e);
            }
        }
    }

    /// <summary>
    /// A full disk is not another holder: the lock is let go and the run stops saying so, instead of waiting for
    /// itself forever.
    /// </summary>
    private static void WriteOwner(FileStream handle, string ownerFile, string owner)
    {
        try
        {
            File.WriteAllText(ownerFile, owner);
        }
        catch (IOException e) when (DiskFullException.IsNoSpace(e))
        {
            handle.Dispose();
            try { File.Delete(ownerFile); } catch (IOException) { }
            throw new DiskFullException(ownerFile, owner.Length, DiskFullException.FreeBytes(ownerFile), e);
        }
    }

    private static string? ReadOwner(string ownerFile)
    {
        try { return File.Exists(ownerFile) ? File.ReadAllText(ownerFile).Trim() : null; }
        catch (IOException) { return null; }
    }

    public void Dispose()
    {
        try { File.Delete(_ownerFile); } catch (IOException) { }
        _handle.Dispose();
    }
}
