using NUnit.Framework;
using DockerBuild.Images;
using DockerBuild.Platforms;
using DockerBuild.Tools.Engine;

namespace DockerBuild.Tests.Images;

/// <summary>GenerateImage against the real engine: bookworm and its tools bootstrapped once, x64 and arm64 toolchain images.</summary>
[TestFixture]
[Category("Docker")]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ImageGenerationTests
{
    private BookwormImageSet _images = null!;

    [OneTimeSetUp]
    public async Task GenerateAsync() => _images = await BookwormImages.GetAsync();

    [Test]
    public async Task BothPlatformsHaveTheirImageOnOneSharedBase()
    {
        var x64 = ImagePlan.For(_images.Platform(BookwormImages.X64), _images.Settings);
        var arm64 = ImagePlan.For(_images.Platform(BookwormImages.Arm64), _images.Settings);
        Assert.That(arm64.Base.Reference, Is.EqualTo(x64.Base.Reference));
        Assert.That(x64.Base.Reference, Does.StartWith("dockerbuild/base-bookworm:"));
        // The bootstrapped base comes with the suite's tools in one image: no base image is left between them.
        Assert.That(await _images.Engine.Images.FindAsync(x64.Tools.Reference, CancellationToken.None), Is.Not.Null);
        foreach (var plan in new[] { x64, arm64 })
        {
            var image = await _images.Engine.Images.InspectAsync(plan.Reference.ToString(), CancellationToken.None);
            Assert.That(plan.Reference.ToString(), Is.EqualTo($"dockerbuild/{plan.Platform.Name}:{plan.Key}"));
            Assert.That(image.Labels["org.dockerbuild.platform"], Is.EqualTo(plan.Platform.Name));
            Assert.That(image.Labels["org.dockerbuild.content-key"], Is.EqualTo(plan.Key));
            Assert.That(image.WorkingDirectory, Is.EqualTo("/work"));
        }
        // One tools layer on disk under both: its layers are where both images' layers start.
        Assert.That(arm64.Tools.Reference, Is.EqualTo(x64.Tools.Reference));
        var tools = await LayersAsync(x64.Tools.Reference);
        Assert.That(tools, Is.Not.Empty);
        // An engine that kept these images while the tools image under the same tag was made again (a cold-start
        // benchmark untags the tools) holds them on the old layers; they are built again on today's tools first.
        var stale = new List<PlatformSpec>();
        foreach (var plan in new[] { x64, arm64 })
            if (!(await LayersAsync(plan.Reference.ToString())).Take(tools.Count).SequenceEqual(tools)) stale.Add(plan.Platform);
        if (stale.Count > 0) await ImageGeneration.RunAsync(stale, _images.Settings with { Rebuild = true }, _images.Engine);
        foreach (var plan in new[] { x64, arm64 })
        {
            var layers = await LayersAsync(plan.Reference.ToString());
            Assert.That(layers.Take(tools.Count), Is.EqualTo(tools), $"{plan.Platform.Name} starts from {x64.Tools.Reference}");
            Assert.That(layers, Has.Count.GreaterThan(tools.Count));
        }
    }

    private static async Task<IReadOnlyList<string>> LayersAsync(string image)
    {
        var result = await DockerBuild.Tools.Process.ProcessRunner.RunAsync(new DockerBuild.Tools.Process.ProcessSpec
        {
            FileName = "docker", Arguments = ["image", "inspect", "--format", "{{range .RootFS.Layers}}{{println .}}{{end}}", image],
        }, CancellationToken.None);
        Assert.That(result.ExitCode, Is.Zero, result.StandardError);
        return result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    [Test]
    public async Task SecondGenerationBuildsNothing()
    {
        var output = new StringWriter();
        var settings = _images.Settings with { Output = output };
        var again = await ImageGeneration.RunAsync([_images.Platform(BookwormImages.X64), _images.Platform(BookwormImages.Arm64)], settings, _images.Engine);
        Assert.That(again.Select(g => g.Outcome), Is.All.EqualTo(ImageOutcome.UpToDate));
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Has.Length.EqualTo(2));
        Assert.That(lines, Has.All.Contains("is up to date"));
    }

    [Test]
    public async Task AChangedPlatformFileChangesTheKeyAndIsRebuilt()
    {
        var original = _images.Platform(BookwormImages.X64);
        var copy = Path.Combine(BookwormImages.Root, "edited", Path.GetFileName(original.SourceFile));
        Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
        await File.WriteAllTextAsync(copy, await File.ReadAllTextAsync(original.SourceFile) + $"# edited {Guid.NewGuid():N}\n");
        var edited = original with { SourceFile = copy };
        var before = ImagePlan.For(original, _images.Settings);
        var after = ImagePlan.For(edited, _images.Settings);
        Assert.That(after.Key, Is.Not.EqualTo(before.Key));
        Assert.That(after.Files["Dockerfile"], Is.EqualTo(before.Files["Dockerfile"]));

        // Same Dockerfile, so the engine's layer cache makes this rebuild cheap; it is still a build under the new key.
        var output = new StringWriter();
        var result = await ImageGeneration.RunAsync([edited], _images.Settings with { Output = output }, _images.Engine);
        try
        {
            Assert.That(result.Single().Outcome, Is.EqualTo(ImageOutcome.Built));
            Assert.That(result.Single().Reference.Tag, Is.EqualTo(after.Key));
            var image = await _images.Engine.Images.InspectAsync(after.Reference.ToString(), CancellationToken.None);
            Assert.That(image.Labels["org.dockerbuild.content-key"], Is.EqualTo(after.Key));
            Assert.That(output.ToString(), Does.Contain("Step "));
        }
        finally
        {
            await _images.Engine.Images.RemoveAsync(after.Reference.ToString(), CancellationToken.None, force: true);
        }
    }

    [Test]
    public void TheManifestListsTheCrossCompilerAndTargetPython()
    {
        var manifest = File.ReadAllLines(_images.Image(BookwormImages.Arm64).ManifestFile);
        Assert.That(manifest, Has.Some.Match(@"^gcc-aarch64-linux-gnu\t\S+$"));
        Assert.That(manifest, Has.Some.Match(@"^libpython3\.11-dev:arm64\t\S+$"));
        Assert.That(manifest, Has.Some.Match(@"^python3-pip\t\S+$"));
        Assert.That(manifest, Is.Ordered.Using((IComparer<string>)StringComparer.Ordinal));
    }

    [Test]
    public async Task TheImagePrintsTheHostScriptThatGenerateImageWrote()
    {
        var generated = _images.Image(BookwormImages.Arm64);
        using var stdout = new MemoryStream();
        using var stderr = new MemoryStream();
        var exit = await _images.Engine.Containers.RunAsync(new ContainerSpec { Image = generated.Reference.ToString() }, new ContainerStreams(stdout, stderr),
            CancellationToken.None);
        Assert.That(exit, Is.Zero);
        var printed = System.Text.Encoding.UTF8.GetString(stdout.ToArray());
        Assert.That(printed, Is.EqualTo(await File.ReadAllTextAsync(generated.ScriptFile)));
        Assert.That(printed, Does.Contain(generated.Reference.ToString()));
        Assert.That(File.GetUnixFileMode(generated.ScriptFile) & UnixFileMode.UserExecute, Is.EqualTo(UnixFileMode.UserExecute));
    }

    [Test]
    public async Task TheHostScriptRunsACommandInTheImageOnTheCurrentDirectory()
    {
        var work = Directory.CreateTempSubdirectory("dockcross-script-").FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(work, "input.txt"), "from the host\n");
            var result = await DockerBuild.Tools.Process.ProcessRunner.RunAsync(new DockerBuild.Tools.Process.ProcessSpec
            {
                FileName = _images.Image(BookwormImages.Arm64).ScriptFile,
                Arguments = ["--env", "GREETING=hi", "sh", "-c", "echo \"$CROSS_TRIPLE $GREETING $(pwd) $(id -u)\"; cat input.txt"],
                WorkingDirectory = work,
            });
            Assert.That(result.ExitCode, Is.Zero, result.StandardError);
            Assert.That(result.StandardOutput, Is.EqualTo($"aarch64-linux-gnu hi /work {CurrentUid()}\nfrom the host\n"));
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    [Test]
    public async Task TheHostInterpreterReportsTheTargetsSysconfig()
    {
        using var stdout = new MemoryStream();
        var exit = await _images.Engine.Containers.RunAsync(new ContainerSpec
        {
            Image = _images.Image(BookwormImages.Arm64).Reference.ToString(),
            Command = ["python3", "-c", "import sysconfig; print(sysconfig.get_platform(), sysconfig.get_config_var('EXT_SUFFIX'), sysconfig.get_config_var('MULTIARCH'))"],
        }, new ContainerStreams(stdout, Stream.Null), CancellationToken.None);
        Assert.That(exit, Is.Zero);
        Assert.That(System.Text.Encoding.UTF8.GetString(stdout.ToArray()).Trim(),
            Is.EqualTo("linux-aarch64 .cpython-311-aarch64-linux-gnu.so aarch64-linux-gnu"));
    }

    private static string CurrentUid() => DockerBuild.Run.InvokingUser.UidGid.Split(':')[0];

    [Test]
    public async Task RebuildBuildsAnImageThatIsPresent()
    {
        var state = Directory.CreateTempSubdirectory("dockerbuild-rebuild-").FullName;
        try
        {
            var output = new StringWriter();
            var settings = _images.Settings with { StateDirectory = state, Rebuild = true, Output = output };
            var result = await ImageGeneration.RunAsync([_images.Platform(BookwormImages.X64)], settings, _images.Engine);
            Assert.That(result.Single().Outcome, Is.EqualTo(ImageOutcome.Built));
            Assert.That(File.ReadAllText(PlatformImageGenerator.LogFile(settings, BookwormImages.X64)), Does.Contain("Successfully built"));
            Assert.That(File.Exists(result.Single().ManifestFile) && File.Exists(result.Single().ScriptFile));
        }
        finally
        {
            Directory.Delete(state, recursive: true);
        }
    }

    [Test]
    public async Task UploadPushesToTheRegistryAndAMissingImageIsPulledFromIt()
    {
        await using var registry = await LocalRegistry.StartAsync();
        var state = Directory.CreateTempSubdirectory("dockerbuild-registry-state-").FullName;
        var settings = _images.Settings with { StateDirectory = state, Registry = registry.Address, Output = new StringWriter() };
        var platform = _images.Platform(BookwormImages.X64);
        var reference = ImagePlan.For(platform, settings).Reference.ToString();
        Assert.That(reference, Does.StartWith($"{registry.Address}/dockerbuild/{BookwormImages.X64}:"));
        try
        {
            var uploaded = (await ImageGeneration.RunAsync([platform], settings with { Upload = true }, _images.Engine)).Single();
            Assert.That((uploaded.Outcome, uploaded.Pushed), Is.EqualTo((ImageOutcome.Built, true)));
            var inRegistry = await _images.Engine.Images.ServedDigestAsync(reference, null, CancellationToken.None);
            Assert.That(inRegistry, Does.StartWith("sha256:"));

            await _images.Engine.Images.RemoveAsync(reference, CancellationToken.None);
            var pulled = (await ImageGeneration.RunAsync([platform], settings, _images.Engine)).Single();
            Assert.That(pulled.Outcome, Is.EqualTo(ImageOutcome.Pulled));
            Assert.That(await _images.Engine.Images.FindAsync(reference, CancellationToken.None), Is.Not.Null);
        }
        finally
        {
            if (await _images.Engine.Images.FindAsync(reference, CancellationToken.None) is not null)
                await _images.Engine.Images.RemoveAsync(reference, CancellationToken.None);
            Directory.Delete(state, recursive: true);
        }
    }

    [Test]
    public async Task UploadWithoutARegistryFailsClearly()
    {
        var state = Directory.CreateTempSubdirectory("dockerbuild-noregistry-").FullName;
        try
        {
            var settings = _images.Settings with { StateDirectory = state, Upload = true, Output = new StringWriter() };
            var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
                ImageGeneration.RunAsync([_images.Platform(BookwormImages.X64)], settings, _images.Engine));
            Assert.That(error!.Message, Does.Contain("--registry"));
        }
        finally
        {
            Directory.Delete(state, recursive: true);
        }
    }

    [Test]
    public async Task AFailedBuildShowsTheLogsTailAndNamesTheLogFile()
    {
        var state = Directory.CreateTempSubdirectory("dockerbuild-failing-").FullName;
        try
        {
            var file = Path.Combine(state, "linux-x64-py3.11.yaml");
            await File.WriteAllTextAsync(file, BookwormImages.X64Yaml + "# failing variant\n");
            var original = _images.Platform(BookwormImages.X64);
            var failing = original with
            {
                SourceFile = file,
                Base = new DockerBuild.Platforms.BaseSpec { Debian = original.Base!.Debian! with { Packages = ["dockerbuild-no-such-package"] } },
            };
            var output = new StringWriter();
            var settings = _images.Settings with { StateDirectory = state, Output = output };
            var error = await Assert.ThrowsAsync<ImageGenerationException>(() => ImageGeneration.RunAsync([failing], settings, _images.Engine));
            var log = PlatformImageGenerator.LogFile(settings, BookwormImages.X64);
            Assert.That(error!.Message, Does.Contain(BookwormImages.X64).And.Contain(log));
            // The tail is at most 40 lines; a short log (cached layers) is shown whole.
            Assert.That(output.ToString(), Does.Match($@"last (40|[1-3]?[0-9]) lines of {System.Text.RegularExpressions.Regex.Escape(log)}")
                .And.Contain("Unable to locate package dockerbuild-no-such-package"));
        }
        finally
        {
            Directory.Delete(state, recursive: true);
        }
    }
}
