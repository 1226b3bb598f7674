using DockerBuild.Builds;
using NUnit.Framework;

namespace DockerBuild.Tests.Builds;

/// <summary>
/// A platform whose image cannot be built (its package list names a package Debian does not have): its pairs fail
/// with the image's error after a single attempt, and a pair of another platform in the same run is still built.
/// </summary>
[TestFixture]
[Category("Docker")]
public sealed class ImageFailureTests
{
    [Test]
    public async Task APlatformWhoseImageFailsFailsItsPairsOnlyAndIsTriedOnce()
    {
        var root = Path.Combine(SharedWheelBuilds.Root, $"image-failure-{Guid.NewGuid():N}");
        try
        {
            var checkout = ScratchCheckout.Create(Path.Combine(root, "checkout"), ScratchCheckout.ShippedSpecs("fastsum", "zcodec"), ["fastsum", "zcodec"]);
            var platformFile = Path.Combine(checkout, "platforms", "linux-x64-py3.11.yaml");
            await File.WriteAllTextAsync(platformFile, (await File.ReadAllTextAsync(platformFile))
                .Replace("      - python3.11-dev", "      - python3.11-dev\n      - dockerbuild-no-such-package", StringComparison.Ordinal));

            var run = await SharedWheelBuilds.RunAsync(checkout, Path.Combine(root, "state"), ["linux-x64-py3.11", "linux-arm64-py3.11"], ["fastsum", "zcodec"]);

            foreach (var wheel in new[] { "fastsum", "zcodec" })
            {
                var pair = run.Pair(wheel, "linux-x64-py3.11");
                Assert.That(pair.Outcome, Is.EqualTo(PairOutcome.Failed), run.Output);
                Assert.That(pair.Error, Does.Contain("the image of linux-x64-py3.11 is not available"));
            }
            Assert.That(run.Pair("fastsum", "linux-arm64-py3.11").Outcome, Is.EqualTo(PairOutcome.Built), run.Output);
            Assert.That(run.Pair("zcodec", "linux-arm64-py3.11").Outcome, Is.EqualTo(PairOutcome.Built), run.Output);
            var imageLog = await File.ReadAllTextAsync(Path.Combine(root, "state", "logs", "GenerateImage", "linux-x64-py3.11.log"));
            Assert.That(imageLog, Does.Contain("dockerbuild-no-such-package"));
            // Each generation attempt announces its build on the console; the second pair reuses the remembered failure.
            Assert.That(System.Text.RegularExpressions.Regex.Matches(run.Output, "linux-x64-py3.11: building dockerbuild/linux-x64-py3.11:").Count, Is.EqualTo(1), run.Output);
        }
        finally
        {
            if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
        }
    }
}
