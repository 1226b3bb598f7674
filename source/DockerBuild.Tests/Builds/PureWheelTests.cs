using DockerBuild.Builds;
using NUnit.Framework;

namespace DockerBuild.Tests.Builds;

/// <summary>
/// A pure-Python Local package (romanum, <c>universal: true</c>) selected alone for the universal platform: it is built
/// once in the build machine's Linux image, stays py3-none-any, and is verified on the build machine's architecture.
/// </summary>
[TestFixture]
[Category("Docker")]
public sealed class PureWheelTests
{
    [Test]
    public async Task APurePythonWheelIsBuiltOnceForTheUniversalPlatformAndVerified()
    {
        var root = Path.Combine(SharedWheelBuilds.Root, $"pure-{Guid.NewGuid():N}");
        try
        {
            // zcodec is declared (not built) so the x64 image, whose target libraries come from every spec, is the shared one.
            var checkout = ScratchCheckout.Create(Path.Combine(root, "checkout"), ScratchCheckout.ShippedSpecs("zcodec", "romanum"), ["zcodec", "romanum"]);
            var run = await SharedWheelBuilds.RunAsync(checkout, Path.Combine(root, "state"), ["universal"], ["romanum"]);

            var pair = run.Pair("romanum", "universal");
            Assert.That(run.Report.Pairs, Has.Count.EqualTo(1));
            Assert.That(pair.Outcome, Is.EqualTo(PairOutcome.Built), run.Output);
            Assert.That(pair.Output!.FileName, Is.EqualTo("romanum-1.0.0-py3-none-any.whl"));
            var log = run.LogOf("romanum", "universal");
            Assert.That(log, Does.Contain("building in dockerbuild/linux-x64-py3.11:"));
            Assert.That(log, Does.Contain("(bookworm amd64, no network)").And.Contain("verification passed"));
        }
        finally
        {
            if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
        }
    }
}
