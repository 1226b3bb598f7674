using System.Collections.Concurrent;

namespace DockerBuild.Images;

/// <summary>
/// Work on one image that concurrent steps of a run ask for at the same time: they all await the one task that is
/// running, so a Debian base, a suite's tools or a verification root is made once even while several platforms are
/// prepared side by side. Nothing is remembered once the task ends (success or failure): a later caller asks the engine
/// again, which is cheap, and retries what failed.
/// </summary>
public sealed class InFlightWork<T>
{
    private readonly ConcurrentDictionary<string, Lazy<Task<T>>> _running = new(StringComparer.Ordinal);

    /// <summary>Joins the running work for <paramref name="key"/>, or starts <paramref name="work"/> when none runs.</summary>
    public Task<T> RunAsync(string key, Func<Task<T>> work)
    {
        Lazy<Task<T>>? entry = null;
        entry = _running.GetOrAdd(key, _ => new Lazy<Task<T>>(async () =>
        {
            try
            {
                return await work();
            }
            finally
            {
                _running.TryRemove(new KeyValuePair<string, Lazy<Task<T>>>(key, entry!));
            }
        }));
        return entry.Value;
    }
}
