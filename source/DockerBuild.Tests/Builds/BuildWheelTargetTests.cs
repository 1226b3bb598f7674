using DockerBuild.Builds;
using DockerBuild.Context;
using DockerBuild.Lifecycle;
using DockerBuild.Selection;
using NUnit.Framework;

namespace DockerBuild.Tests.Builds;

/// <summary>The BuildWheel target as Build.cs runs it: a failed pair fails the target, naming the pair and its log.</summary>
[TestFixture]
[Category("Builds")]
public sealed class BuildWheelTargetTests
{
    [Test]
    public async Task TheTargetFailsNamingEveryFailedPairAndItsLog()
    {
        var root = Directory.CreateTempSubdirectory("dockerbuild-target-").FullName;
        try
        {
            var checkout = ScratchCheckout.Create(Path.Combine(root, "checkout"), """
                wheels:
                  - name: numpy
                    version: 1.26.4
                    kind: Prebuilt
                    only: [linux-x64-py3.11, linux-arm64-py3.11]

                """, []);
            var state = Path.Combine(root, "state");
            var output = new StringWriter();
            using var lifecycle = new BuildRun(new BuildContext { RootDirectory = checkout, StateDirectory = state, OutputFactory = () => BuildOutput.To(output) },
                new SelectionRequest
                {
                    RootDirectory = checkout, Platforms = ["linux-x64-py3.11", "linux-arm64-py3.11"],
                    // Named: a default run would leave published wheels out when no index is configured.
                    Wheels = ["numpy"],
                });

            var error = await Assert.ThrowsAsync<WheelBuildFailedException>(() => lifecycle.ReportAsync(
                BuildWheelStep.RunAsync(lifecycle.Context, lifecycle.Selection, new WheelBuildSettings { StateDirectory = state, Images = new() }, CancellationToken.None)));

            Assert.That(error!.Message, Does.StartWith("2 of 2 wheel build(s) failed"));
            Assert.That(error.Message, Does.Contain($"numpy==1.26.4 @ linux-arm64-py3.11 (log: {Path.Combine(root, "state", "logs", "BuildWheel", "linux-arm64-py3.11", "numpy.log")})"));
            Assert.That(error.Report.Pairs.Select(p => p.Outcome), Is.All.EqualTo(PairOutcome.Failed));
            Assert.That(output.ToString(), Does.Contain("numpy==1.26.4").And.Not.Contains("Wheels are in"), "the run's output shows the pairs, and no hint about outputs that do not exist");
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Test]
    public async Task TwoVersionsOfAWheelOnOnePlatformKeepSeparateLogs()
    {
        var root = Directory.CreateTempSubdirectory("dockerbuild-target-").FullName;
        try
        {
            var checkout = ScratchCheckout.Create(Path.Combine(root, "checkout"), """
                wheels:
                  - name: numpy
                    version: 1.26.4
                    kind: Prebuilt
                    only: [linux-x64-py3.11]
                  - name: numpy
                    version: 1.26.3
                    kind: Prebuilt
                    only: [linux-x64-py3.11]

                """, []);
            var run = await SharedWheelBuilds.RunAsync(checkout, Path.Combine(root, "state"), ["linux-x64-py3.11"], []);

            var logs = run.Report.Pairs.Select(p => Path.GetFileName(p.LogFile));
            Assert.That(logs, Is.EquivalentTo(new[] { "numpy-1.26.4.log", "numpy-1.26.3.log" }));
            Assert.That(run.Report.Pairs.Select(p => File.ReadAllText(p.LogFile)), Has.All.Contain("no package index configured"));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
