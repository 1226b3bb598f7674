using DockerBuild.Tools.Engine;

namespace DockerBuild.Builds.Verification;

/// <summary>
/// The warm verification containers of one BuildWheel run, one per verification root, started by the first check on
/// that root and removed when the run ends (a killed run's are found by their state-directory label, see
/// <see cref="AbandonedContainers"/>). A container that ended is replaced by the next check.
/// </summary>
/// <param name="runCancelled">The run's token: cancelling it kills the containers' checks.</param>
public sealed class WarmVerificationContainers(ContainerEngine engine, string stateDirectory, CancellationToken runCancelled) : IAsyncDisposable
{
    private readonly Dictionary<string, Task<WarmVerificationContainer>> _byRoot = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _lifetime = CancellationTokenSource.CreateLinkedTokenSource(runCancelled);
    private readonly Lock _gate = new();

    /// <summary>Runs one check of an unpacked wheel in the running container of <paramref name="rootfs"/>.</summary>
    public async Task<(long Exit, string Output)> CheckAsync(string rootfs, string siteDirectory, byte[] checkScript, CancellationToken cancellationToken)
    {
        var container = await ForAsync(rootfs, cancellationToken);
        return await container.CheckAsync(siteDirectory, checkScript, cancellationToken);
    }

    /// <summary>The running container of <paramref name="rootfs"/>, started when there is none.</summary>
    private async Task<WarmVerificationContainer> ForAsync(string rootfs, CancellationToken cancellationToken)
    {
        Task<WarmVerificationContainer> starting;
        lock (_gate)
        {
            if (!_byRoot.TryGetValue(rootfs, out starting!) || starting.IsFaulted || starting.IsCanceled
                || (starting.IsCompletedSuccessfully && !starting.Result.IsRunning))
                _byRoot[rootfs] = starting = WarmVerificationContainer.StartAsync(engine, rootfs, stateDirectory, _lifetime.Token);
        }
        return await starting.WaitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        List<Task<WarmVerificationContainer>> all;
        lock (_gate) all = [.. _byRoot.Values];
        foreach (var starting in all)
        {
            // A container that failed to start or broke was reported to the checks that needed it; the run's end is not the place.
            try { await (await starting).DisposeAsync(); }
            catch (Exception) { }
        }
        _lifetime.Cancel();
        _lifetime.Dispose();
    }
}
