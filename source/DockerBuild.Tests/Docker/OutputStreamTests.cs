using System.Buffers.Binary;
using System.Text;
using Docker.DotNet;
using DockerBuild.Tests.Docker.Support;
using DockerBuild.Tools.Engine;
using NUnit.Framework;

namespace DockerBuild.Tests.Docker;

/// <summary>The wire formats the engine streams: multiplexed container output and JSON progress as shown in CI logs.</summary>
[TestFixture]
[Category("Docker")]
public sealed class OutputStreamTests
{
    private static byte[] Frame(byte stream, string text)
    {
        var payload = Encoding.UTF8.GetBytes(text);
        var frame = new byte[8 + payload.Length];
        frame[0] = stream;
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(4), (uint)payload.Length);
        payload.CopyTo(frame, 8);
        return frame;
    }

    [Test]
    public async Task FramesAreSplitIntoStdoutAndStderr()
    {
        var bytes = Frame(1, "out 1\n").Concat(Frame(2, "err 1\n")).Concat(Frame(1, "out 2\n")).ToArray();
        // A stream that returns one byte per read exercises headers and payloads split across reads.
        using var output = new MultiplexedStream(new TrickleStream(bytes), multiplexed: true);

        var (stdout, stderr) = await output.ReadOutputToEndAsync(CancellationToken.None);

        Assert.That(stdout, Is.EqualTo("out 1\nout 2\n"));
        Assert.That(stderr, Is.EqualTo("err 1\n"));
    }

    [Test]
    public async Task TtyOutputIsPassedThroughAsStdout()
    {
        using var output = new MultiplexedStream(new MemoryStream("\u0001raw tty bytes"u8.ToArray()), multiplexed: false);

        var (stdout, stderr) = await output.ReadOutputToEndAsync(CancellationToken.None);

        Assert.That(stdout, Is.EqualTo("\u0001raw tty bytes"));
        Assert.That(stderr, Is.Empty);
    }

    [Test]
    public void TruncatedFrameIsAnError()
    {
        var bytes = Frame(1, "complete payload")[..12];
        using var output = new MultiplexedStream(new MemoryStream(bytes), multiplexed: true);

        Assert.ThrowsAsync<EndOfStreamException>(() => output.ReadOutputToEndAsync(CancellationToken.None));
    }

    [Test]
    public async Task PlainProgressPrintsEachLayerStatusChangeOnce()
    {
        var console = new PlainConsole();

        await EngineProgressDisplay.RunAsync("Pulling example", progress =>
        {
            progress.Report(new EngineProgress { Status = "Pulling from dockcross/x", Id = "1" });
            progress.Report(new EngineProgress { Status = "Downloading", Id = "abc123", Current = 10, Total = 100 });
            progress.Report(new EngineProgress { Status = "Downloading", Id = "abc123", Current = 90, Total = 100 });
            progress.Report(new EngineProgress { Status = "Pull complete", Id = "abc123" });
            progress.Report(new EngineProgress { Stream = "Step 1/2 : FROM x\n" });
            return Task.FromResult(0);
        }, console.Console);

        Assert.That(console.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries), Is.EqualTo(new[]
        {
            "Pulling example", "  1: Pulling from dockcross/x", "  abc123: Downloading", "  abc123: Pull complete", "  Step 1/2 : FROM x",
        }));
    }

    [Test]
    public async Task TerminalProgressDrawsABarPerLayerAndTicksTheOperationOffWhenItSucceeds()
    {
        var (console, writer) = Terminal();

        await EngineProgressDisplay.RunAsync("Pushing example", progress =>
        {
            progress.Report(new EngineProgress { Status = "Pushing", Id = "layer42", Current = 50, Total = 100 });
            progress.Report(new EngineProgress { Status = "Pushed", Id = "layer42" });
            return Task.FromResult(0);
        }, console);

        Assert.That(writer.ToString(), Does.Contain("layer42 Pushed").And.Contain("100%"));
        Assert.That(LastLine(writer), Does.Contain("✓").And.Contain("Pushing example"), "the operation ends with its tick");
    }

    [Test]
    public async Task AnOperationThatFailsUnderTheBarsReachesTheCallerWithItsOwnErrorAndNoTick()
    {
        var (console, writer) = Terminal();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => EngineProgressDisplay.RunAsync<int>("Pushing example", progress =>
        {
            progress.Report(new EngineProgress { Status = "Pushing", Id = "layer42", Current = 50, Total = 100 });
            throw new InvalidOperationException("denied: requested access to the resource is denied");
        }, console));

        Assert.That(error!.Message, Does.Contain("denied"));
        Assert.That(writer.ToString(), Does.Not.Contain("✓"), "a failed push is never shown as done");
    }

    private static (Spectre.Console.IAnsiConsole Console, StringWriter Writer) Terminal()
    {
        var writer = new StringWriter();
        var console = Spectre.Console.AnsiConsole.Create(new Spectre.Console.AnsiConsoleSettings
        {
            Ansi = Spectre.Console.AnsiSupport.Yes,
            Interactive = Spectre.Console.InteractionSupport.Yes,
            Out = new Spectre.Console.AnsiConsoleOutput(writer),
        });
        return (console, writer);
    }

    private static string LastLine(StringWriter writer) => writer.ToString().TrimEnd().Split('\n')[^1];

    /// <summary>Returns at most one byte per read.</summary>
    private sealed class TrickleStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(1, buffer.Length)], cancellationToken);
    }
}
