using DockerBuild.Builds;
using DockerBuild.Builds.Containers;
using DockerBuild.Tools.Engine;

namespace DockerBuild.Tests.Reliability.Support;

/// <summary>
/// The BuildWheel containers a scratch checkout's runs have in an engine (found by the state-directory label the
/// product puts on them): to wait until one runs a given image, and to see what a killed run left behind.
/// </summary>
internal sealed class BuildContainers(string stateDirectory, string socketPath = "/var/run/docker.sock") : IDisposable
{
    private readonly ContainerEngine _engine = ContainerEngine.AtUnixSocket(socketPath);

    /// <summary>The toolchain image of a platform (BuildWheel's build container).</summary>
    public static string Toolchain(string platform) => $"dockerbuild/{platform}:";

    /// <summary>A verification rootfs image (BuildWheel's verification container).</summary>
    public const string Verification = "dockerbuild/rootfs-";

    public Task<IReadOnlyList<EngineContainer>> ListAsync() =>
        _engine.Containers.ListAsync($"{IsolatedContainer.StateDirectoryLabel}={stateDirectory}", CancellationToken.None);

    /// <summary>Polls until a container of an image starting with <paramref name="imagePrefix"/> runs; fails when <paramref name="build"/> ends first.</summary>
    public async Task<EngineContainer> WaitForRunningAsync(string imagePrefix, RunningBuild build, TimeSpan timeout)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            var running = (await ListAsync()).FirstOrDefault(c => c.State == "running" && c.Image.StartsWith(imagePrefix, StringComparison.Ordinal));
            if (running is not null) return running;
            if (build.HasExited) throw new TimeoutException($"the build exited before a container of {imagePrefix}* ran; it printed:\n{build.Output}");
            await Task.Delay(25);
        }
        throw new TimeoutException($"no container of {imagePrefix}* ran within {timeout}; the build printed:\n{build.Output}");
    }

    /// <summary>"2 (exited, running)": how many and in which states.</summary>
    public static string Describe(IReadOnlyList<EngineContainer> containers) =>
        containers.Count == 0 ? "none" : $"{containers.Count} ({string.Join(", ", containers.Select(c => c.State))})";

    public void Dispose() => _engine.Dispose();
}
