using DockerBuild.Tools.Locking;

namespace DockerBuild.Tools.Cipd.Local;

/// <summary>
/// The exclusive lock that serialises writers of one store, across processes. While another process holds it, a
/// waiting message is written once and the attempt is retried until the timeout.
/// </summary>
public sealed class CipdStoreLock : IDisposable
{
    private readonly ExclusiveFileLock _lock;

    private CipdStoreLock(ExclusiveFileLock fileLock) => _lock = fileLock;

    public static async Task<CipdStoreLock> AcquireAsync(string lockFile, TimeSpan timeout, TextWriter? waitMessages, CancellationToken cancellationToken)
    {
        try
        {
            return new CipdStoreLock(await ExclusiveFileLock.AcquireAsync(lockFile, $"process {Environment.ProcessId}", timeout,
                _ => waitMessages?.WriteLine($"Waiting for the CIPD store lock \"{lockFile}\" (another process is writing to the store)…"),
                cancellationToken));
        }
        catch (TimeoutException e)
        {
            throw new CipdStoreException($"timed out after {timeout.TotalSeconds:0} s waiting for the CIPD store lock \"{lockFile}\": another process keeps it", e);
        }
    }

    public void Dispose() => _lock.Dispose();
}
