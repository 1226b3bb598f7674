using NUnit.Framework;
using DockerBuild.Tools.Engine;

namespace DockerBuild.Tests.Docker.Engine;

[TestFixture]
[Category("Docker")]
public sealed class EngineClientTests
{
    private static DockerTestEnvironment Env => DockerTestEnvironment.Current;

    [Test]
    public async Task MissingImageIsATypedErrorWithTheEngineMessage()
    {
        var name = $"dockerbuild-test/absent:{DockerTestEnvironment.RunId}";

        var error = await Assert.ThrowsAsync<EngineObjectNotFoundException>(() => Env.Engine.Images.InspectAsync(name, CancellationToken.None));

        Assert.That(error!.EngineMessage, Does.Contain("No such image").And.Contain(name));
        Assert.That(await Env.Engine.Images.FindAsync(name, CancellationToken.None), Is.Null, "a look-up of a missing image is null, not an error");
    }

    [Test]
    public async Task AContainerOfAMissingImageOrAMissingContainerIsNamedNotFound()
    {
        var image = $"dockerbuild-test/absent:{DockerTestEnvironment.RunId}";
        var error = await Assert.ThrowsAsync<EngineObjectNotFoundException>(() => Env.Engine.Containers.CreateAsync(new ContainerSpec { Image = image }, CancellationToken.None));
        Assert.That(error!.Message, Does.Contain("No such image").And.Contain(image).And.Not.Contain("Docker API responded"),
            "the engine's own words, not the client's wrapper");

        var container = $"dockerbuild-absent-{DockerTestEnvironment.RunId}";
        Assert.That(await Env.Engine.Containers.ExistsAsync(container, CancellationToken.None), Is.False);
        Assert.That(await Env.Engine.Containers.RemoveAsync(container, CancellationToken.None), Is.False,
            "removing a container that is gone already is no error");
    }

    [Test]
    public async Task UnreachableEngineNamesTheEndpoint()
    {
        var socket = Path.Combine(Path.GetTempPath(), $"no-engine-{DockerTestEnvironment.RunId}.sock");
        using var engine = ContainerEngine.AtUnixSocket(socket);

        var error = await Assert.ThrowsAsync<EngineUnreachableException>(() => engine.PingAsync(CancellationToken.None));

        Assert.That(error!.Message, Does.Contain($"unix://{socket}").And.Contain($"there is no socket at {socket}")
            .And.Contain("Start dockerd, or point DOCKER_HOST at a running engine"));
    }

    [Test]
    public async Task AnEngineBelowTheApiFloorIsRefusedNamingBothVersions()
    {
        var socket = Path.Combine(Path.GetTempPath(), $"old-engine-{DockerTestEnvironment.RunId}.sock");
        using var oldEngine = OldEngine.Listen(socket, version: "18.09.9", apiVersion: "1.38");
        using var engine = ContainerEngine.AtUnixSocket(socket);

        var error = await Assert.ThrowsAsync(Is.InstanceOf<EngineException>(), () => engine.Images.FindAsync("busybox:latest", CancellationToken.None));

        Assert.That(error!.Message, Does.Contain("speaks API 1.38").And.Contain("at least 1.40").And.Contain($"unix://{socket}"));
    }

    [Test]
    public async Task AnEngineAtTheApiFloorIsAcceptedAndReportsItsVersion()
    {
        var socket = Path.Combine(Path.GetTempPath(), $"floor-engine-{DockerTestEnvironment.RunId}.sock");
        using var floorEngine = OldEngine.Listen(socket, version: "19.03.15", apiVersion: "1.40");
        using var engine = ContainerEngine.AtUnixSocket(socket);

        var version = await engine.GetVersionAsync(CancellationToken.None);

        Assert.That((version.ServerVersion, version.ApiVersion), Is.EqualTo(("19.03.15", new Version(1, 40))));
    }

    [Test]
    public async Task PullingATagTheRegistryLacksReportsManifestUnknown()
    {
        var error = await Assert.CatchAsync<EngineException>(() =>
            Env.Engine.Images.PullAsync($"{Env.Upstream.Address}/{Env.SeedRepository}", "no-such-tag", null, null, CancellationToken.None));

        Assert.That(error!.EngineMessage, Does.Contain("manifest unknown"));
    }

    [Test]
    public async Task ImportedImageListsAndRunsItsCommand()
    {
        var listed = await Env.Engine.Images.ListMatchingAsync(Env.SeedImage, CancellationToken.None);
        Assert.That(listed.SelectMany(i => i.RepoTags ?? []), Does.Contain(Env.SeedImage));

        using var stdout = new MemoryStream();
        using var stderr = new MemoryStream();
        var exit = await Env.Engine.Containers.RunAsync(
            new ContainerSpec { Image = Env.SeedImage, Command = ["sh", "-c", "ls /bin/busybox"] }, new ContainerStreams(stdout, stderr), CancellationToken.None);

        Assert.That(exit, Is.Zero);
        Assert.That(System.Text.Encoding.UTF8.GetString(stdout.ToArray()), Is.EqualTo("/bin/busybox\n"));
    }

    /// <summary>
    /// An engine of a given release as far as the version handshake goes: every request on its unix socket gets the
    /// answer such an engine's GET /version gives.
    /// </summary>
    private sealed class OldEngine : IDisposable
    {
        private readonly System.Net.Sockets.Socket _listener;
        private readonly string _path;

        private OldEngine(System.Net.Sockets.Socket listener, string path)
        {
            _listener = listener;
            _path = path;
        }

        public static OldEngine Listen(string path, string version, string apiVersion)
        {
            File.Delete(path);
            var listener = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified);
            listener.Bind(new System.Net.Sockets.UnixDomainSocketEndPoint(path));
            listener.Listen();
            var body = $$"""{"Version":"{{version}}","ApiVersion":"{{apiVersion}}","MinAPIVersion":"1.12","Os":"linux","Arch":"amd64"}""";
            var answer = System.Text.Encoding.ASCII.GetBytes(
                $"HTTP/1.1 200 OK\r\nApi-Version: {apiVersion}\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: {body.Length}\r\n\r\n{body}");
            _ = Task.Run(async () =>
            {
                while (true)
                {
                    System.Net.Sockets.Socket connection;
                    try { connection = await listener.AcceptAsync(); }
                    catch (Exception e) when (e is System.Net.Sockets.SocketException or ObjectDisposedException) { return; }
                    using (connection)
                    {
                        var request = new byte[8192];
                        await connection.ReceiveAsync(request);
                        await connection.SendAsync(answer);
                    }
                }
            });
            return new OldEngine(listener, path);
        }

        public void Dispose()
        {
            _listener.Dispose();
            File.Delete(_path);
        }
    }
}
