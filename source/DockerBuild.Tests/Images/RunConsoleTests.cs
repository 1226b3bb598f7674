using System.Security.Cryptography;
using DockerBuild.Tests.Images.RunSupport;
using DockerBuild.Tests.Reliability.Support;
using DockerBuild.Tools.Process;
using NUnit.Framework;

namespace DockerBuild.Tests.Images;

/// <summary>
/// The real build's Run attached to a shell's stdin and stdout: piped and redirected input with its end passed on, a
/// stdout holding only the command's output, and under a pseudo-terminal a TTY of the terminal's size, keys (Ctrl-C
/// included) passed to the command, and the terminal's settings put back afterwards.
/// </summary>
[TestFixture]
[Category("Docker")]
[NonParallelizable]
public sealed class RunConsoleTests
{
    private const string Platform = BookwormImages.X64;
    private static readonly TimeSpan Guard = TimeSpan.FromMinutes(2);
    private BookwormImageSet _images = null!;
    private RunBuildScript _build = null!;

    [OneTimeSetUp]
    public async Task CreateAsync()
    {
        _images = await BookwormImages.GetAsync();
        _build = await RunBuildScript.CreateAsync();
    }

    [OneTimeTearDown]
    public void Remove() => _build.Dispose();

    [Test]
    public async Task PipedLinesAreCountedAndStdoutHoldsOnlyTheCommandsOutput()
    {
        var result = await _build.RunShellAsync($"printf 'a\\nb\\n' | {_build.Run(Platform, "wc", "-l")}", Guard);

        Assert.That(result.ExitCode, Is.Zero, result.StandardError);
        Assert.That(result.StandardOutput, Is.EqualTo("2\n"), "the build's banners and summary belong on stderr");
        Assert.That(result.StandardError, Does.Contain("Build succeeded"));
    }

    [Test]
    public async Task BinaryInputRoundTripsByteForByteAndTheExitCodeIsTheCommands()
    {
        var input = Path.Combine(_build.Work, "input.bin");
        var output = Path.Combine(_build.Work, "output.bin");
        await File.WriteAllBytesAsync(input, RandomNumberGenerator.GetBytes(4 * 1024 * 1024 + 3));

        var result = await _build.RunShellAsync($"{_build.Run(Platform, "sh", "-c", "cat; exit 3")} < {RunBuildScript.Quote(input)} > {RunBuildScript.Quote(output)}", Guard);

        Assert.That(result.ExitCode, Is.EqualTo(3), result.StandardError);
        Assert.That(Convert.ToHexString(SHA256.HashData(await File.ReadAllBytesAsync(output))),
            Is.EqualTo(Convert.ToHexString(SHA256.HashData(await File.ReadAllBytesAsync(input)))));
    }

    [TestCase("< /dev/null", TestName = "StdinFromDevNullEndsAtOnce")]
    [TestCase("0<&-", TestName = "AClosedStdinEndsAtOnce")]
    public async Task AnEmptyStdinEndsAtOnce(string redirection)
    {
        var result = await _build.RunShellAsync($"{_build.Run(Platform, "sh", "-c", "cat; echo eof-seen")} {redirection}", Guard);

        Assert.That((result.ExitCode, result.StandardOutput), Is.EqualTo((0, "eof-seen\n")), result.StandardError);
    }

    [Test]
    public async Task CtrlCToTheBuildStopsAndRemovesTheContainer()
    {
        var marker = $"command-started-{Guid.NewGuid():N}";
        using var build = RunningBuild.Start(_build.Spec(Platform, "sh", "-c", $"echo {marker}; exec sleep 600"));
        await build.WaitForLineAsync(l => l.Contains(marker), Guard);

        await ProcessRunner.RunCheckedAsync(new ProcessSpec { FileName = "kill", Arguments = ["-INT", build.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture)] });
        var result = await build.WaitAsync(Guard);

        Assert.That(result.ExitCode, Is.EqualTo(130), result.StandardOutput);
        var left = await _images.Engine.Containers.ListAsync("org.dockerbuild.run", CancellationToken.None);
        Assert.That(left.Where(c => c.Command.Contains(marker)).Select(c => $"{c.Name} {c.State}"), Is.Empty,
            "the interrupted Run's container is still there");
    }

    [Test]
    public async Task ATerminalGetsATtyOfItsSizeAndItsSettingsBack()
    {
        // The size is sent just after start on engines before API 1.42: the command waits (bounded) for it.
        const string command = "test -t 0 && test -t 1 && echo both-are-terminals; " +
                               "i=0; while [ \"$(stty size)\" = '0 0' ] && [ $i -lt 25 ]; do sleep 0.2; i=$((i+1)); done; echo \"size=$(stty size)\"; exit 7";
        using var session = _build.StartInPseudoTerminal($"""
            stty rows 33 cols 101
            before=$(stty -g)
            {_build.Run(Platform, "sh", "-c", command)} 2>{RunBuildScript.Quote(_build.BuildErrors)}
            echo "exit=$?"
            [ "$before" = "$(stty -g)" ] && echo terminal-restored || echo "terminal-changed: $before -> $(stty -g)"
            """);

        var screen = await session.WaitForExitAsync(Guard);

        Assert.That(screen, Does.Contain("both-are-terminals\r\n"), _build.ReadBuildErrors());
        Assert.That(screen, Does.Contain("size=33 101\r\n"));
        Assert.That(screen, Does.Contain("exit=7"));
        Assert.That(screen, Does.Contain("terminal-restored"));
    }

    [Test]
    public async Task KeysTypedAtTheTerminalReachTheCommand()
    {
        using var session = _build.StartInPseudoTerminal($"""
            {_build.Run(Platform, "sh", "-c", "echo ready; read -r line; echo \"got=$line\"")} 2>{RunBuildScript.Quote(_build.BuildErrors)}
            echo "exit=$?"
            """);
        await session.WaitForAsync("ready", Guard);

        await session.TypeAsync("hello there\r");
        var screen = await session.WaitForExitAsync(Guard);

        Assert.That(screen, Does.Contain("got=hello there\r\n"), _build.ReadBuildErrors());
        Assert.That(screen, Does.Contain("exit=0"));
    }

    [Test]
    public async Task CtrlCAtTheTerminalStopsTheCommandAndTheTerminalIsPutBack()
    {
        using var session = _build.StartInPseudoTerminal($"""
            before=$(stty -g)
            {_build.Run(Platform, "sh", "-c", "echo command-started; exec sleep 600")} 2>{RunBuildScript.Quote(_build.BuildErrors)}
            echo "exit=$?"
            [ "$before" = "$(stty -g)" ] && echo terminal-restored || echo "terminal-changed"
            """);
        await session.WaitForAsync("command-started", Guard);
        var clock = System.Diagnostics.Stopwatch.StartNew();

        await session.TypeAsync("\u0003");
        var screen = await session.WaitForExitAsync(Guard);

        Assert.That(screen, Does.Contain("exit=130"), _build.ReadBuildErrors());
        Assert.That(screen, Does.Contain("terminal-restored"));
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(60)), "Ctrl-C should end the command, not its 600 s sleep");
    }
}
