namespace DockerBuild.Tools.Cipd.Local;

/// <summary>
/// The exclusive lock that serialises writers of one store, across processes: a lock file opened with
/// <see cref="FileShare.None"/> (an advisory whole-file lock on Unix). While another process holds it, a waiting
/// message is written once and the attempt is retried until the timeout.
/// </summary>
public sealed class CipdStoreLock : IDisposable
{
    private readonly FileStream _handle;

    private CipdStoreLock(FileStream handle) => _handle = handle;

    public static async Task<CipdStoreLock> AcquireAsync(string lockFile, TimeSpan timeout, TextWriter? waitMessages, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(lockFile))!);
        var deadline = DateTime.UtcNow + timeout;
        var announced = false;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                return new CipdStoreLock(new FileStream(lockFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                if (!announced)
                {
                    waitMessages?.WriteLine($"Waiting for the CIPD store lock \"{lockFile}\" (another process is writing to the store)…");
                    announced = true;
                }
                await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken);
            }
            catch (IOException e)
            {
                throw new CipdStoreException($"timed out after {timeout.TotalSeconds:0} s waiting for the CIPD store lock \"{lockFile}\": another process keeps it", e);
            }
        }
    }

    public void Dispose() => _handle.Dispose();
}
