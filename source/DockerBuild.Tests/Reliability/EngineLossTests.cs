using System.Text.RegularExpressions;
using DockerBuild.Tests.Docker.Support;
using DockerBuild.Tests.Reliability.Support;
using DockerBuild.Tools.Docker;
using DockerBuild.Tools.Docker.Models;
using DockerBuild.Tools.Docker.Transport;
using NUnit.Framework;

namespace DockerBuild.Tests.Reliability;

/// <summary>
/// The Docker engine dies while Run has a command going in it: a separate dockerd of the test's own (own socket,
/// data root and bridge) with a busybox image under the platform's content-key tag. The run fails naming the
/// endpoint; with the engine back, the same Run completes.
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
        using (var client = new DockerClientConfiguration(DockerEndpoint.Unix(daemon.SocketPath)).CreateClient())
        using (var rootfs = BusyboxRootfs.Create())
        {
            var (repository, tag) = (reference[..reference.LastIndexOf(':')], reference[(reference.LastIndexOf(':') + 1)..]);
            await client.Images.CreateImageAsync(new ImagesCreateParameters { FromSrc = "-", Repo = repository, Tag = tag }, rootfs, null, null);
        }

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

    [GeneratedRegex(@"\((dockerbuild/[^)\s]+)\) is not present")]
    private static partial Regex MissingImage();
}
