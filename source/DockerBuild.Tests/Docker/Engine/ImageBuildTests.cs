using System.Formats.Tar;
using System.Text;
using DockerBuild.Tools.Engine;
using NUnit.Framework;

namespace DockerBuild.Tests.Docker.Engine;

/// <summary>Image builds, imports, tags and removal through the engine boundary.</summary>
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
        var messages = new List<EngineProgress>();
        using var context = Context(
            $"FROM {Env.SeedImage}\nARG GREETING\nCOPY note.txt /note.txt\nRUN echo \"$GREETING\" > /greeting\n",
            ("note.txt", "context file\n"));

        var imageId = await Env.Engine.Images.BuildAsync(new ImageBuildSpec
        {
            Tags = [tag],
            BuildArgs = new Dictionary<string, string> { ["GREETING"] = "hello from a build arg" },
            Labels = new Dictionary<string, string> { ["dockerbuild.recipe"] = "test" },
        }, context, new ProgressLines(messages), CancellationToken.None);

        var image = await Env.Engine.Images.InspectAsync(tag, CancellationToken.None);
        Assert.That(image.Id, Is.EqualTo(imageId));
        Assert.That(image.Labels, Does.ContainKey("dockerbuild.recipe").WithValue("test"));
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

        var error = await Assert.ThrowsAsync<EngineException>(() => Env.Engine.Images.BuildAsync(new ImageBuildSpec(), context, null, CancellationToken.None));

        Assert.That(error!.EngineMessage, Does.Contain("returned a non-zero code: 7"));
    }

    [Test]
    public async Task ImportedImageCarriesTheGivenName()
    {
        var tag = $"dockerbuild-test/imported:{DockerTestEnvironment.RunId}";
        Env.TrackImage(tag);
        using var rootfs = Support.BusyboxRootfs.Create();

        await Env.Engine.Images.ImportAsync(rootfs, tag, new ImageImportSpec { Changes = ["ENV IMPORTED=yes"] }, null, CancellationToken.None);

        var image = await Env.Engine.Images.InspectAsync(tag, CancellationToken.None);
        Assert.That(image.RepoTags, Does.Contain(tag));
        Assert.That(image.Env, Does.Contain("IMPORTED=yes"));
    }

    [Test]
    public async Task TagAndRemove()
    {
        var tag = $"dockerbuild-test/retagged:{DockerTestEnvironment.RunId}";
        await Env.Engine.Images.TagAsync(Env.SeedImage, "dockerbuild-test/retagged", DockerTestEnvironment.RunId, CancellationToken.None);
        Assert.That((await Env.Engine.Images.InspectAsync(tag, CancellationToken.None)).RepoTags, Does.Contain(tag));

        await Env.Engine.Images.RemoveAsync(tag, CancellationToken.None);

        Assert.That(await Env.Engine.Images.FindAsync(tag, CancellationToken.None), Is.Null);
        Assert.That(await Env.Engine.Images.FindAsync(Env.SeedImage, CancellationToken.None), Is.Not.Null, "only the tag went");
    }

    /// <summary>Collects progress in order, on the reporting thread (<see cref="Progress{T}"/> would post it to the pool).</summary>
    private sealed class ProgressLines(List<EngineProgress> lines) : IProgress<EngineProgress>
    {
        public void Report(EngineProgress value) => lines.Add(value);
    }
}
