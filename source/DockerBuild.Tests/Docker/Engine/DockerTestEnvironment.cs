using NUnit.Framework;
using DockerBuild.Tests.Docker.Support;
using DockerBuild.Tools.Engine;

namespace DockerBuild.Tests.Docker.Engine;

/// <summary>
/// What every Docker-category test shares, made once: the local engine (no stored credentials), an
/// "upstream" and a "private" registry, and a busybox image imported with the helper and pushed upstream.
/// </summary>
[SetUpFixture]
public sealed class DockerTestEnvironment
{
    private static DockerTestEnvironment? _current;

    /// <summary>Unique per run so parallel runs on one shared engine never collide.</summary>
    public static string RunId { get; } = Guid.NewGuid().ToString("N")[..10];

    public static DockerTestEnvironment Current => _current ?? throw new InvalidOperationException("the Docker test environment was not set up");

    /// <summary>The same engine as the product reaches it (no stored credentials either).</summary>
    internal ContainerEngine Engine { get; private set; } = null!;
    internal RegistryProcess Upstream { get; private set; } = null!;
    internal RegistryProcess Private { get; private set; } = null!;

    /// <summary>The imported busybox image, local name.</summary>
    public string SeedImage => $"dockerbuild-test/busybox:{RunId}";
    /// <summary>Repository and tag of the seed image in the upstream registry.</summary>
    public string SeedRepository => "dockcross/test-base";
    public string SeedTag => "1";
    public string SeedDigest { get; private set; } = "";

    private readonly List<string> _images = [];

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        BusyboxRootfs.RequireBusybox();
        // No stored credentials: the real ~/.docker/config.json is never read by the tests.
        Engine = ContainerEngine.AtUnixSocket();
        try
        {
            await Engine.PingAsync(CancellationToken.None);
        }
        catch (EngineUnreachableException e)
        {
            Assert.Fail($"Docker-category tests need a running engine: {e.Message}");
        }
        Upstream = await RegistryProcess.StartAsync("upstream");
        Private = await RegistryProcess.StartAsync("private");
        _current = this;

        using (var rootfs = BusyboxRootfs.Create())
        {
            await Engine.Images.ImportAsync(rootfs, SeedImage, new ImageImportSpec { Changes = ["CMD [\"/bin/sh\"]"] }, null, CancellationToken.None);
        }
        TrackImage(SeedImage);
        var upstreamName = $"{Upstream.Address}/{SeedRepository}";
        await Engine.Images.TagAsync(SeedImage, upstreamName, SeedTag, CancellationToken.None);
        TrackImage($"{upstreamName}:{SeedTag}");
        SeedDigest = await Engine.Images.PushAsync(upstreamName, SeedTag, null, null, CancellationToken.None);
    }

    /// <summary>
    /// Pushes a fresh image (its own layer) to the upstream registry as <paramref name="repository"/>:<see cref="SeedTag"/>
    /// and removes it from the engine, so mirroring it has to transfer its layer. Returns the upstream digest.
    /// </summary>
    public async Task<string> SeedUpstreamOnlyAsync(string repository)
    {
        var local = $"{Upstream.Address}/{repository}";
        using (var rootfs = BusyboxRootfs.Create(marker: $"{repository} {Guid.NewGuid()}"))
            await Engine.Images.ImportAsync(rootfs, $"{local}:{SeedTag}", new ImageImportSpec(), null, CancellationToken.None);
        var digest = await Engine.Images.PushAsync(local, SeedTag, null, null, CancellationToken.None);
        await Engine.Images.RemoveAsync($"{local}:{SeedTag}", CancellationToken.None, force: true);
        return digest;
    }

    /// <summary>Images a test made, removed after the run.</summary>
    public void TrackImage(string reference)
    {
        lock (_images) _images.Add(reference);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        foreach (var image in _images.AsEnumerable().Reverse())
        {
            try
            {
                await Engine.Images.RemoveAsync(image, CancellationToken.None, force: true);
            }
            catch (EngineObjectNotFoundException)
            {
                // Already removed with another tag of the same image.
            }
        }
        Upstream?.Dispose();
        Private?.Dispose();
        Engine?.Dispose();
        _current = null;
    }
}
