using System.Text.RegularExpressions;
using DockerBuild.Tests.Docker.Support;
using DockerBuild.Tests.Reliability.Support;
using DockerBuild.Tools.Engine;
using DockerBuild.Tools.Process;
using NUnit.Framework;

namespace DockerBuild.Tests.Reliability;

/// <summary>
/// The Docker engine dies while a build uses it: a separate dockerd of the test's own (own socket, data root and
/// bridge). For Run it holds a busybox image under the platform's content-key tag; for BuildWheel it is given the
/// platform's real toolchain image and the verification rootfs, copied from the machine's engine through the Engine
/// API (save → load, no registry). The run fails naming the endpoint and leaves nothing half-written; with the
/// engine back, the same run completes.
/// </summary>
[TestFixture, Category("Reliability")]
public sealed partial class EngineLossTests
{
    private const string Platform = "linux-x64-py3.11";

    [Test]
    public async Task AnEngineThatStopsMidRunFailsNamingItAndTheRerunCompletes()
    {
        BusyboxRootfs.RequireBusybox();
        using var daemon = await SecondDockerDaemon.StartAsync(certificates: null);
        using var checkout = new ScratchCheckout();
        var engine = new Dictionary<string, string?> { ["DOCKER_HOST"] = daemon.UnixHost };
        string[] run = ["Run", "--platform", Platform, "--skip", "--workdir", checkout.Directory];

        // The build names the image it needs (the content key of the scratch checkout's platform); import it there.
        var missing = await BuildCommand.RunAsync(checkout, run, engine, ["true"]);
        var reference = MissingImage().Match(missing.StandardOutput + missing.StandardError).Groups[1].Value;
        Assert.That(reference, Does.StartWith($"dockerbuild/{Platform}:"), missing.StandardOutput + missing.StandardError);
        using (var second = ContainerEngine.AtUnixSocket(daemon.SocketPath))
        using (var rootfs = BusyboxRootfs.Create())
            await second.Images.ImportAsync(rootfs, reference, new ImageImportSpec(), null, CancellationToken.None);

        using var build = await BuildCommand.StartAsync(checkout, run, engine, ["sh", "-c", "echo command-started; sleep 300"]);
        await build.WaitForLineAsync(l => l.Contains("command-started"), TimeSpan.FromMinutes(2));
        await daemon.KillAsync();
        var failed = await build.WaitAsync(TimeSpan.FromMinutes(2));

        var output = failed.StandardOutput;
        Assert.Multiple(() =>
        {
            Assert.That(failed.ExitCode, Is.Not.Zero, output);
            Assert.That(output, Does.Contain(daemon.UnixHost).Or.Contain(daemon.SocketPath), "the error names the endpoint");
            Assert.That(output, Does.Not.Contain("Unhandled exception"), "a crash instead of a message");
        });

        await daemon.RestartAsync();
        var rerun = await BuildCommand.RunAsync(checkout, run, engine, ["sh", "-c", "echo rerun-finished"]);
        Assert.That(rerun.ExitCode, Is.Zero, rerun.StandardOutput + rerun.StandardError);
        Assert.That(rerun.StandardOutput, Does.Contain("rerun-finished"));
        Assert.That(await StoreConsistency.CheckAsync(checkout.StateDirectory, StoreConsistency.Expectation.AfterCompletedRun), Is.Empty);
        ReliabilityLedger.Record("Engine gone mid-run (Run)",
            $"separate dockerd at {daemon.UnixHost}; Run {Platform} -- sleep 300; dockerd and its containerd killed (SIGKILL) once the command printed; then restarted",
            $"exit {failed.ExitCode}: \"{TamperedSourceTests.FirstLineWith(output, daemon.SocketPath)}\"; after restart the rerun exit 0");
    }

    [Test]
    public async Task AnEngineThatStopsMidWheelBuildFailsNamingItAndTheRerunCompletes()
    {
        using var checkout = new ScratchCheckout();
        string[] build = InterruptedWheelBuildTests.FastsumBuild;
        // Which images the pair uses (by content key), from a build against the machine's engine.
        var probe = await BuildCommand.RunAsync(checkout, build);
        Assert.That(probe.ExitCode, Is.Zero, probe.StandardOutput);
        var log = await File.ReadAllTextAsync(Path.Combine(checkout.StateDirectory, "logs", "BuildWheel", Platform, "fastsum.log"));
        var images = new[] { BuildImage().Match(log).Groups[1].Value, VerificationImage().Match(log).Groups[1].Value };
        Assert.That(images, Has.All.StartWith("dockerbuild/"), log);
        Directory.Delete(Path.Combine(checkout.StateDirectory, "wheels"), recursive: true);

        using var daemon = await SecondDockerDaemon.StartAsync(certificates: null);
        var copying = System.Diagnostics.Stopwatch.StartNew();
        using (var machine = ContainerEngine.AtUnixSocket())
        using (var second = ContainerEngine.AtUnixSocket(daemon.SocketPath))
        await using (var saved = await machine.Images.SaveAsync(images, CancellationToken.None))
            await second.Images.LoadAsync(saved, CancellationToken.None);
        copying.Stop();

        var engine = new Dictionary<string, string?> { ["DOCKER_HOST"] = daemon.UnixHost };
        using var containers = new BuildContainers(checkout.StateDirectory, daemon.SocketPath);
        ProcessResult failed;
        using (var running = await BuildCommand.StartAsync(checkout, build, engine))
        {
            await containers.WaitForRunningAsync(BuildContainers.Toolchain(Platform), running, TimeSpan.FromMinutes(2));
            await daemon.KillAsync();
            failed = await running.WaitAsync(TimeSpan.FromMinutes(2));
        }
        var output = failed.StandardOutput;
        var outputs = Path.Combine(checkout.StateDirectory, "wheels");
        var written = Directory.Exists(outputs) ? Directory.EnumerateFiles(outputs, "*", SearchOption.AllDirectories).ToList() : [];
        var problems = await StoreConsistency.CheckAsync(checkout.StateDirectory, StoreConsistency.Expectation.AfterCompletedRun);
        Assert.Multiple(() =>
        {
            Assert.That(failed.ExitCode, Is.Not.Zero, output);
            Assert.That(TamperedSourceTests.FirstLineWith(output, "FAILED"), Does.Contain(daemon.UnixHost).Or.Contain(daemon.SocketPath), "the pair's error names the engine");
            Assert.That(output, Does.Not.Contain("Unhandled exception"), "a crash instead of a message");
            Assert.That(written, Is.Empty, "nothing reached the outputs");
            Assert.That(problems, Is.Empty, "the failed run cleaned up after itself");
        });

        await daemon.RestartAsync();
        var rerun = await BuildCommand.RunAsync(checkout, build, engine);
        var left = await containers.ListAsync();
        Assert.Multiple(() =>
        {
            Assert.That(rerun.ExitCode, Is.Zero, rerun.StandardOutput + rerun.StandardError);
            Assert.That(rerun.StandardOutput, Does.Contain("fastsum==1.0.0 @ linux-x64-py3.11: built"));
            Assert.That(left, Is.Empty, "the container the engine's death interrupted was removed");
        });
        ReliabilityLedger.Record("Engine gone mid-build (BuildWheel)",
            $"separate dockerd at {daemon.UnixHost} holding {Platform}'s toolchain image and the verification rootfs (copied by save → load in "
            + $"{copying.Elapsed.TotalSeconds:0} s); fastsum built there; dockerd and its containerd killed (SIGKILL) while the build container ran; then restarted",
            $"exit {failed.ExitCode}: \"{TamperedSourceTests.FirstLineWith(output, "FAILED").Trim()}\"; no wheel or record written, no temp file left; "
            + $"after restart the rerun{(rerun.StandardOutput.Contains("container(s) an interrupted") ? " removed the interrupted container and" : "")} built and verified the wheel, exit 0");
    }

    [GeneratedRegex(@"\((dockerbuild/[^)\s]+)\) is not present")]
    private static partial Regex MissingImage();

    [GeneratedRegex(@"building in (dockerbuild/\S+)")]
    private static partial Regex BuildImage();

    [GeneratedRegex(@"verifying \S+ in (dockerbuild/\S+)")]
    private static partial Regex VerificationImage();
}
