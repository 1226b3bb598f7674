using DockerBuild.Builds;
using DockerBuild.Builds.Outputs;
using DockerBuild.Platforms;
using DockerBuild.Tools.Cipd;
using DockerBuild.Uploads;
using NUnit.Framework;

namespace DockerBuild.Tests.Builds;

/// <summary>
/// Build avoidance and reproducibility against the shared run: running again changes nothing and builds nothing;
/// building the same wheels from another checkout path into another state directory gives byte-identical files.
/// </summary>
[TestFixture]
[Category("Docker")]
public sealed class RebuildAndAvoidanceTests
{
    [Test]
    public async Task ASecondRunWithNothingChangedBuildsNothing()
    {
        var first = await SharedWheelBuilds.FirstRunAsync();
        Assume.That(first.Report.Succeeded, Is.True, first.Output);
        var second = await SharedWheelBuilds.RunAsync(SharedWheelBuilds.Checkout, SharedWheelBuilds.StateDirectory, ScratchCheckout.Platforms, []);

        Assert.That(second.Report.Pairs.Select(p => p.Outcome), Is.All.EqualTo(PairOutcome.Cached), second.Output);
        Assert.That(second.Report.Pairs.Select(p => p.Output!.Sha256),
            Is.EquivalentTo(first.Report.Pairs.Select(p => p.Output!.Sha256)));
        Assert.That(second.Output, Does.Contain("cached"));
        Assert.That(second.Output, Does.Not.Contain(": building in"));
        Assert.That(second.Output, Does.Not.Contain("is up to date"), "a run where every pair is cached does not even look at the images");
    }

    [Test]
    [Category("Emulation")]
    public async Task TheSameWheelsBuiltFromAnotherCheckoutIntoAnotherStateDirectoryAreByteIdentical()
    {
        var first = await SharedWheelBuilds.FirstRunAsync();
        Assume.That(first.Report.Succeeded, Is.True, first.Output);
        var elsewhere = Path.Combine(SharedWheelBuilds.Root, $"elsewhere-{Guid.NewGuid():N}");
        try
        {
            var checkout = ScratchCheckout.Create(Path.Combine(elsewhere, "some", "other", "checkout"),
                ScratchCheckout.ShippedSpecs("fastsum", "zcodec"), ["fastsum", "zcodec"]);
            var again = await SharedWheelBuilds.RunAsync(checkout, Path.Combine(elsewhere, "state"), ["linux-arm64-py3.11"], []);

            foreach (var wheel in new[] { "fastsum", "zcodec" })
            {
                var rebuilt = again.Pair(wheel, "linux-arm64-py3.11");
                Assert.That(rebuilt.Outcome, Is.EqualTo(PairOutcome.Built), again.Output);
                var original = first.Pair(wheel, "linux-arm64-py3.11").Output!;
                Assert.That(rebuilt.Output!.FileName, Is.EqualTo(original.FileName));
                Assert.That(rebuilt.Output.Sha256, Is.EqualTo(original.Sha256), $"{wheel}: {rebuilt.Output.WheelFile} vs {original.WheelFile}");
                Assert.That(rebuilt.Output.BuildKey, Is.EqualTo(original.BuildKey), "the key depends on content, not on where the checkout is");
            }
        }
        finally
        {
            Directory.Delete(elsewhere, recursive: true);
        }
    }

    [Test]
    public async Task AWheelRegisteredInTheStoreWithItsBuildKeyIsFetchedInsteadOfBuilt()
    {
        var first = await SharedWheelBuilds.FirstRunAsync();
        Assume.That(first.Report.Succeeded, Is.True, first.Output);
        var state = Path.Combine(SharedWheelBuilds.Root, $"from-store-{Guid.NewGuid():N}");
        try
        {
            const string platform = "linux-x64-py3.11";
            var built = await BuiltWheelSidecar.ReadDirectoryAsync(Path.Combine(SharedWheelBuilds.StateDirectory, "wheels"), [platform]);
            var platforms = PlatformCatalog.Load(Path.Combine(SharedWheelBuilds.Checkout, "platforms")).All;
            await WheelUpload.RunAsync(built, platforms, new UploadSettings { Upload = true, TemporaryDirectory = Path.Combine(state, "temp"), Log = TextWriter.Null },
                CipdRepositories.Create(state, null));

            var run = await SharedWheelBuilds.RunAsync(SharedWheelBuilds.Checkout, state, [platform], []);

            Assert.That(run.Report.Pairs.Select(p => p.Outcome), Is.All.EqualTo(PairOutcome.Cached), run.Output);
            Assert.That(run.Report.Pairs.Select(p => p.Output!.Sha256), Is.EquivalentTo(built.Select(b => b.Sha256)));
            Assert.That(run.Report.Pairs.Select(p => Path.GetDirectoryName(p.Output!.WheelFile)), Is.All.EqualTo(Path.Combine(state, "wheels", platform)));
            Assert.That(run.LogOf("zcodec", platform), Does.Contain("found in the store"));
        }
        finally
        {
            Directory.Delete(state, recursive: true);
        }
    }
}
