using NUnit.Framework;
using System.Net;
using DockerBuild.Tools.Docker;
using DockerBuild.Tools.Docker.Models;
using DockerBuild.Tools.Docker.Transport;
using DockerBuild.Tools.Engine;

namespace DockerBuild.Tests.Docker.Engine;

[TestFixture]
[Category("Docker")]
public sealed class EngineClientTests
{
    private static DockerTestEnvironment Env => DockerTestEnvironment.Current;

    [Test]
    public async Task NegotiatesTheEngineApiVersionCappedAtTheClientMaximum()
    {
        var version = await Env.Client.System.GetVersionAsync();
        var negotiated = await Env.Client.System.GetApiVersionAsync();

        var engine = Version.Parse(version.ApiVersion);
        Assert.That(negotiated, Is.EqualTo(engine < new Version(1, 43) ? engine : new Version(1, 43)));
    }

    [Test]
    public async Task EngineTreatsLoopbackRegistriesAsInsecure()
    {
        var info = await Env.Client.System.GetSystemInfoAsync();

        Assert.That(info.RegistryConfig?.InsecureRegistryCIDRs, Does.Contain("127.0.0.0/8"));
    }

    [Test]
    public async Task MissingImageIsATypedErrorWithTheEngineMessage()
    {
        var name = $"dockerbuild-test/absent:{DockerTestEnvironment.RunId}";

        var error = await Assert.ThrowsAsync<DockerImageNotFoundException>(() => Env.Client.Images.InspectImageAsync(name));

        Assert.That(error!.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(error.Message, Does.Contain("No such image").And.Contain(name));
    }

    [Test]
    public async Task MissingContainerIsATypedError()
    {
        var error = await Assert.ThrowsAsync<DockerContainerNotFoundException>(() => Env.Client.Containers.InspectContainerAsync($"dockerbuild-absent-{DockerTestEnvironment.RunId}"));

        Assert.That(error!.Message, Does.Contain("No such container"));
    }

    [Test]
    public async Task UnreachableEngineNamesTheEndpoint()
    {
        var socket = Path.Combine(Path.GetTempPath(), $"no-engine-{DockerTestEnvironment.RunId}.sock");
        using var client = new DockerClientConfiguration(DockerEndpoint.Unix(socket)).CreateClient();

        var error = await Assert.ThrowsAsync<DockerEngineUnreachableException>(() => client.System.PingAsync());

        Assert.That(error!.Message, Does.Contain($"unix://{socket}"));
    }

    [Test]
    public async Task PullingATagTheRegistryLacksReportsManifestUnknown()
    {
        var error = await Assert.ThrowsAsync(Is.InstanceOf<DockerException>(), () => Env.Client.Images.CreateImageAsync(
            new ImagesCreateParameters { FromImage = $"{Env.Upstream.Address}/{Env.SeedRepository}", Tag = "no-such-tag" }, null, null));

        Assert.That(error!.Message, Does.Contain("manifest unknown"));
    }

    [Test]
    public async Task ImportedImageListsAndRunsItsCommand()
    {
        var listed = await Env.Client.Images.ListImagesAsync(new ImagesListParameters
        {
            Filters = new Dictionary<string, IReadOnlyList<string>> { ["reference"] = [Env.SeedImage] },
        });
        Assert.That(listed.SelectMany(i => i.RepoTags ?? []), Does.Contain(Env.SeedImage));

        using var stdout = new MemoryStream();
        using var stderr = new MemoryStream();
        var exit = await Env.Engine.Containers.RunAsync(
            new ContainerSpec { Image = Env.SeedImage, Command = ["sh", "-c", "ls /bin/busybox"] }, new ContainerStreams(stdout, stderr), CancellationToken.None);

        Assert.That(exit, Is.Zero);
        Assert.That(System.Text.Encoding.UTF8.GetString(stdout.ToArray()), Is.EqualTo("/bin/busybox\n"));
    }
}
