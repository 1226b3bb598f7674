using DockerBuild.Tests.Reliability.Support;
using NUnit.Framework;

namespace DockerBuild.Tests.Reliability;

/// <summary>
/// BuildWheel (fastsum on linux-x64-py3.11, whose toolchain image the engine already holds) killed with SIGKILL while
/// its build container runs and while its verification container runs, and two BuildWheel runs started at once: no
/// wheel or build record reaches the outputs before verification, the store stays consistent, the containers a killed
/// run leaves are removed by the next run, and the rerun builds the verified wheel.
/// </summary>
[TestFixture, Category("Reliability")]
public sealed class InterruptedWheelBuildTests
{
    internal const string Platform = "linux-x64-py3.11";
    internal static readonly string[] FastsumBuild = ["BuildWheel", "--platform", Platform, "--wheel", "fastsum", "--jobs", "1"];

    [Test]
    public async Task KilledWhileBuildingOrVerifyingNothingIsRecordedAndTheRerunBuildsTheWheel()
    {
        using var checkout = new ScratchCheckout();
        using var engine = new BuildContainers(checkout.StateDirectory);
        var outputs = Path.Combine(checkout.StateDirectory, "wheels");
        var seen = new List<string>();
        foreach (var (phase, image) in new[] { ("build", BuildContainers.Toolchain(Platform)), ("verification", BuildContainers.Verification) })
        {
            using var build = await BuildCommand.StartAsync(checkout, FastsumBuild);
            var running = await engine.WaitForRunningAsync(image, build, TimeSpan.FromMinutes(3));
            await build.KillHardAsync();

            var left = await engine.ListAsync();
            var wheels = Directory.Exists(outputs) ? Directory.EnumerateFiles(outputs, "*", SearchOption.AllDirectories).ToList() : [];
            var problems = await StoreConsistency.CheckAsync(checkout.StateDirectory, StoreConsistency.Expectation.AfterInterruption);
            Assert.Multiple(() =>
            {
                Assert.That(wheels, Is.Empty, $"SIGKILL during the {phase} container: nothing may reach the outputs before verification passed");
                Assert.That(problems, Is.Empty, $"after SIGKILL during the {phase} container");
                Assert.That(left.Select(c => c.Id), Does.Contain(running.Id), "the killed run's container outlives it (what the next run must clean)");
            });
            var removedLine = build.Output.Split('\n').FirstOrDefault(l => l.Contains("container(s) an interrupted BuildWheel run left"));
            seen.Add($"during {phase} ({running.Image[..running.Image.IndexOf(':')]}): outputs empty, containers left {BuildContainers.Describe(left)}"
                + (removedLine is null ? "" : $"; this run first printed \"{removedLine.Trim()}\""));
        }

        var rerun = await BuildCommand.RunAsync(checkout, FastsumBuild);
        var output = rerun.StandardOutput + rerun.StandardError;
        var remaining = await engine.ListAsync();
        var built = Directory.EnumerateFiles(Path.Combine(outputs, Platform), "*.whl").ToList();
        var log = await File.ReadAllTextAsync(Path.Combine(checkout.StateDirectory, "logs", "BuildWheel", Platform, "fastsum.log"));
        var after = await StoreConsistency.CheckAsync(checkout.StateDirectory, StoreConsistency.Expectation.AfterCompletedRun);
        Assert.Multiple(() =>
        {
            Assert.That(rerun.ExitCode, Is.Zero, output);
            Assert.That(output, Does.Contain("Removed 1 container(s) an interrupted BuildWheel run left"), "the rerun removes the killed run's container");
            Assert.That(remaining, Is.Empty, "no container of this state directory is left after a completed run");
            Assert.That(built.Select(Path.GetFileName), Is.EqualTo(new[] { "fastsum-1.0.0-cp311-cp311-manylinux_2_5_x86_64.manylinux1_x86_64.whl" }));
            Assert.That(File.Exists(built[0] + ".json"), Is.True, "the build record beside the wheel");
            Assert.That(log, Does.Contain("verification passed"), "the rerun's wheel imported and passed its test");
            Assert.That(after, Is.Empty);
        });
        ReliabilityLedger.Record("SIGKILL during a wheel build (BuildWheel)",
            $"fastsum on {Platform}; SIGKILL once its build container ran, then (next run) once its verification container ran",
            string.Join("; ", seen) + $"; rerun exit 0: {TamperedSourceTests.FirstLineWith(output, "container(s) an interrupted")}, "
            + $"built and verified {Path.GetFileName(built[0])}, containers left {BuildContainers.Describe(remaining)}, store consistent, no temp file left");
    }

    [Test]
    public async Task TwoRunsAtOnceOnOneStateDirectoryOneWaitsAndReusesTheWheel()
    {
        using var checkout = new ScratchCheckout();
        using var engine = new BuildContainers(checkout.StateDirectory);
        using var first = await BuildCommand.StartAsync(checkout, FastsumBuild);
        await engine.WaitForRunningAsync(BuildContainers.Toolchain(Platform), first, TimeSpan.FromMinutes(3));
        using var second = await BuildCommand.StartAsync(checkout, FastsumBuild);
        var waiting = await second.WaitForLineAsync(l => l.Contains("Waiting for another DockerBuild run"), TimeSpan.FromMinutes(1));
        var firstResult = await first.WaitAsync(TimeSpan.FromMinutes(3));
        var secondResult = await second.WaitAsync(TimeSpan.FromMinutes(3));

        var wheels = Directory.EnumerateFiles(Path.Combine(checkout.StateDirectory, "wheels", Platform)).Select(Path.GetFileName).Order().ToList();
        var problems = await StoreConsistency.CheckAsync(checkout.StateDirectory, StoreConsistency.Expectation.AfterCompletedRun);
        Assert.Multiple(() =>
        {
            Assert.That(waiting, Does.Contain(checkout.StateDirectory).And.Contain($"run {first.ProcessId}"), "the message names the state directory and the holder");
            Assert.That(firstResult.ExitCode, Is.Zero, firstResult.StandardOutput);
            Assert.That(secondResult.ExitCode, Is.Zero, secondResult.StandardOutput);
            Assert.That(firstResult.StandardOutput, Does.Contain("fastsum==1.0.0 @ linux-x64-py3.11: built"));
            Assert.That(secondResult.StandardOutput, Does.Match(@"fastsum==1\.0\.0\s+│\s+linux-x64-py3\.11\s+│\s+cached"), "the second run reuses the first's wheel");
            Assert.That(wheels, Has.Count.EqualTo(2).And.Some.EndsWith(".whl").And.Some.EndsWith(".whl.json"), "one wheel and its record");
            Assert.That(problems, Is.Empty);
        });
        ReliabilityLedger.Record("Two runs at once (BuildWheel)",
            $"two BuildWheel runs (fastsum on {Platform}) on one state dir and store; the second starts while the first's build container runs",
            $"second printed \"{waiting.Trim()}\"; both exit 0; the second found the first's wheel by build key (cached); outputs hold one wheel and its record");
    }
}
