using System.Formats.Tar;
using System.Text;
using DockerBuild.Tools.Docker;
using DockerBuild.Tools.Docker.Models;
using DockerBuild.Tools.Docker.Progress;
using DockerBuild.Tools.Engine;
using NUnit.Framework;

namespace DockerBuild.Tests.Docker.Engine;

[TestFixture]
[Category("Docker")]
public sealed class ImageBuildTests
{
    private static DockerTestEnvironment Env => DockerTestEnvironment.Current;

    private static MemoryStream Context(string dockerfile, params (string name, string content)[] files)
    {
        var tar = new MemoryStream();
        using (var writer = new TarWriter(tar, leaveOpen: true))
        {
            foreach (var (name, content) in files.Prepend(("Dockerfile", dockerfile)))
                writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content)) });
        }
        tar.Position = 0;
        return tar;
    }

    [Test]
    public async Task BuildUsesBuildArgsLabelsAndContextFiles()
    {
        var tag = $"dockerbuild-test/built:{DockerTestEnvironment.RunId}";
        Env.TrackImage(tag);
        var messages = new List<JSONMessage>();
        using var context = Context(
            $"FROM {Env.SeedImage}\nARG GREETING\nCOPY note.txt /note.txt\nRUN echo \"$GREETING\" > /greeting\n",
            ("note.txt", "context file\n"));

        var imageId = await Env.Client.Images.BuildImageFromDockerfileAsync(new ImageBuildParameters
        {
            Tags = [tag],
            BuildArgs = new Dictionary<string, string> { ["GREETING"] = "hello from a build arg" },
            Labels = new Dictionary<string, string> { ["dockerbuild.recipe"] = "test" },
            Platform = "linux/amd64",
        }, context, null, new ImmediateProgress<JSONMessage>(messages.Add));

        var image = await Env.Client.Images.InspectImageAsync(tag);
        Assert.That(image.ID, Is.EqualTo(imageId));
        Assert.That(image.Config?.Labels, Does.ContainKey("dockerbuild.recipe").WithValue("test"));
        Assert.That(messages.Select(m => m.Stream).OfType<string>(), Has.Some.Contains("RUN echo \"$GREETING\""), "build output reaches the progress sink");

        using var stdout = new MemoryStream();
        var exit = await Env.Engine.Containers.RunAsync(new ContainerSpec { Image = tag, Command = ["cat", "/greeting", "/note.txt"] },
            new ContainerStreams(stdout, Stream.Null), CancellationToken.None);
        Assert.That(exit, Is.Zero);
        Assert.That(Encoding.UTF8.GetString(stdout.ToArray()), Is.EqualTo("hello from a build arg\ncontext file\n"));
    }

    [Test]
    public async Task FailingBuildStepBecomesAnExceptionWithTheEngineMessage()
    {
        using var context = Context($"FROM {Env.SeedImage}\nRUN exit 7\n");

        var error = await Assert.ThrowsAsync<DockerStreamErrorException>(() =>
            Env.Client.Images.BuildImageFromDockerfileAsync(new ImageBuildParameters(), context, null, null));

        Assert.That(error!.Message, Does.Contain("returned a non-zero code: 7"));
    }

    [Test]
    public async Task ImportedImageCarriesTheGivenName()
    {
        var tag = $"dockerbuild-test/imported:{DockerTestEnvironment.RunId}";
        Env.TrackImage(tag);
        using var rootfs = Support.BusyboxRootfs.Create();

        await Env.Client.Images.CreateImageAsync(
            new ImagesCreateParameters { FromSrc = "-", Repo = "dockerbuild-test/imported", Tag = DockerTestEnvironment.RunId }, rootfs, null, null);

        var image = await Env.Client.Images.InspectImageAsync(tag);
        Assert.That(image.RepoTags, Does.Contain(tag));
        Assert.That(image.Os, Is.EqualTo("linux"));
    }

    [Test]
    public async Task TagAndRemove()
    {
        var tag = $"dockerbuild-test/retagged:{DockerTestEnvironment.RunId}";
        await Env.Client.Images.TagImageAsync(Env.SeedImage, new ImageTagParameters { RepositoryName = "dockerbuild-test/retagged", Tag = DockerTestEnvironment.RunId });
        Assert.That((await Env.Client.Images.InspectImageAsync(tag)).RepoTags, Does.Contain(tag));

        var removed = await Env.Client.Images.DeleteImageAsync(tag, new ImageDeleteParameters());

        Assert.That(removed.Select(r => r.Untagged), Does.Contain(tag));
        Assert.That(await Env.Client.Images.TryInspectImageAsync(tag), Is.Null);
    }
}
