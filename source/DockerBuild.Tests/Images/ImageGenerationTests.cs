using NUnit.Framework;
using DockerBuild.Images;
using DockerBuild.Tools.Docker;
using DockerBuild.Tools.Docker.Models;

namespace DockerBuild.Tests.Images;

/// <summary>GenerateImage against the real engine: bookworm base bootstrapped once, x64 and arm64 toolchain images.</summary>
[TestFixture]
[Category("Docker")]
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
        Assert.That(await _images.Client.Images.TryInspectImageAsync(x64.Base.Reference), Is.Not.Null);
        foreach (var plan in new[] { x64, arm64 })
        {
            var image = await _images.Client.Images.InspectImageAsync(plan.Reference.ToString());
            Assert.That(plan.Reference.ToString(), Is.EqualTo($"dockerbuild/{plan.Platform.Name}:{plan.Key}"));
            Assert.That(image.Config!.Labels!["org.dockerbuild.platform"], Is.EqualTo(plan.Platform.Name));
            Assert.That(image.Config.Labels["org.dockerbuild.content-key"], Is.EqualTo(plan.Key));
            Assert.That(image.Config.WorkingDir, Is.EqualTo("/work"));
        }
    }

    [Test]
    public async Task SecondGenerationBuildsNothing()
    {
        var output = new StringWriter();
        var settings = _images.Settings with { Output = output };
        var again = await ImageGeneration.RunAsync([_images.Platform(BookwormImages.X64), _images.Platform(BookwormImages.Arm64)], settings, _images.Client);
        Assert.That(again.Select(g => g.Outcome), Is.All.EqualTo(ImageOutcome.UpToDate));
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Has.Length.EqualTo(2));
        Assert.That(lines, Has.All.Contains("is up to date"));
    }
}
