namespace DockerBuild.Tools.Docker.Progress;

/// <summary>
/// An <see cref="IProgress{T}"/> that runs its handler on the reporting thread, in order. <see cref="Progress{T}"/>
/// posts to the thread pool, so its handlers can run out of order or after the operation returned.
/// </summary>
public sealed class ImmediateProgress<T>(Action<T> handler) : IProgress<T>
{
    public void Report(T value) => handler(value);
}
