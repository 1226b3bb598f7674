using System.Security.Cryptography;
using System.Text;
using DockerBuild.Tools.Engine;
using NUnit.Framework;

namespace DockerBuild.Tests.Docker.Engine;

/// <summary>The duplex attach: stdin reaches the container, its end reaches the command, output keeps flowing.</summary>
[TestFixture]
[Category("Docker")]
public sealed class ContainerStdinTests
{
    private static DockerTestEnvironment Env => DockerTestEnvironment.Current;

    /// <summary>A command that reads stdin to its end; if stdin's end never arrives the test fails instead of hanging.</summary>
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(60);

    private static async Task<(long ExitCode, byte[] Stdout, string Stderr)> RunAsync(ContainerSpec spec, Stream? stdin,
        Func<ContainerSession, CancellationToken, Task>? started = null)
    {
        using var stdout = new MemoryStream();
        using var stderr = new MemoryStream();
        using var guard = new CancellationTokenSource(Guard);
        var run = Env.Engine.Containers.RunAsync(spec, new ContainerStreams(stdout, stderr) { Stdin = stdin, Started = started }, guard.Token);
        try
        {
            var exit = await run;
            return (exit, stdout.ToArray(), Encoding.UTF8.GetString(stderr.ToArray()));
        }
        catch (OperationCanceledException) when (guard.IsCancellationRequested)
        {
            Assert.Fail($"the command did not finish within {Guard.TotalSeconds} s: it never read the end of its stdin");
            throw;
        }
    }

    [Test]
    public async Task BinaryStdinRoundTripsThroughCatByteForByte()
    {
        var payload = RandomNumberGenerator.GetBytes(3 * 1024 * 1024 + 17);

        var (exit, stdout, stderr) = await RunAsync(new ContainerSpec { Image = Env.SeedImage, Command = ["cat"] }, new MemoryStream(payload));

        Assert.That(exit, Is.Zero, stderr);
        Assert.That(stdout.Length, Is.EqualTo(payload.Length));
        Assert.That(Convert.ToHexString(SHA256.HashData(stdout)), Is.EqualTo(Convert.ToHexString(SHA256.HashData(payload))));
    }

    [Test]
    public async Task AnEmptyStdinEndsAtOnce()
    {
        var (exit, stdout, _) = await RunAsync(new ContainerSpec { Image = Env.SeedImage, Command = ["sh", "-c", "cat; echo eof-seen"] }, Stream.Null);

        Assert.That((exit, Encoding.UTF8.GetString(stdout)), Is.EqualTo((0L, "eof-seen\n")));
    }

    [Test]
    public async Task OutputKeepsFlowingAfterStdinEndsAndStreamsStayApart()
    {
        var (exit, stdout, stderr) = await RunAsync(new ContainerSpec
        {
            Image = Env.SeedImage,
            Command = ["sh", "-c", "cat; sleep 1; echo after-eof; echo to-err >&2; exit 4"],
        }, new MemoryStream("line one\nline two\n"u8.ToArray()));

        Assert.That((exit, Encoding.UTF8.GetString(stdout), stderr), Is.EqualTo((4L, "line one\nline two\nafter-eof\n", "to-err\n")));
    }

    [Test]
    public async Task AReadingCommandGetsItsInputThenEndOfFile()
    {
        // read takes one line; cat only ends when the half-close reaches the container's stdin.
        var (exit, stdout, stderr) = await RunAsync(new ContainerSpec
        {
            Image = Env.SeedImage,
            Command = ["sh", "-c", "read first; cat; echo \"first=$first\""],
        }, new MemoryStream("hello\nrest of it\n"u8.ToArray()));

        Assert.That((exit, Encoding.UTF8.GetString(stdout), stderr), Is.EqualTo((0L, "rest of it\nfirst=hello\n", "")));
    }

    [Test]
    public async Task ATtyIsResizedOnceTheContainerStarted()
    {
        var (exit, stdout, _) = await RunAsync(new ContainerSpec
        {
            Image = Env.SeedImage,
            Tty = true,
            // The resize arrives just after start; the command waits (bounded) for the TTY to have a size (busybox fails on 0x0).
            Command = ["sh", "-c", "for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do s=$(busybox stty size 2>/dev/null); [ -n \"$s\" ] && [ \"$s\" != '0 0' ] && break; sleep 0.2; done; echo \"size=$s\""],
        }, stdin: null, started: (container, token) => container.ResizeTtyAsync(33, 101, token));

        Assert.That((exit, Encoding.UTF8.GetString(stdout).TrimEnd()), Is.EqualTo((0L, "size=33 101")));
    }
}
