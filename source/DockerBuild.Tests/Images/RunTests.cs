using System.Text;
using DockerBuild.Run;
using DockerBuild.Tools.Process;
using NUnit.Framework;

namespace DockerBuild.Tests.Images;

/// <summary>Run against the real engine, in the shared bookworm images.</summary>
[TestFixture]
[Category("Docker")]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class RunTests
{
    private BookwormImageSet _images = null!;
    private string _work = null!;

    [OneTimeSetUp]
    public async Task GenerateAsync() => _images = await BookwormImages.GetAsync();

    [SetUp]
    public void CreateWorkDirectory()
    {
        _work = Directory.CreateTempSubdirectory("dockerbuild-run-").FullName;
        // Writable for the unprivileged uid the ownership test runs as.
        File.SetUnixFileMode(_work, (UnixFileMode)0b111_111_111);
    }

    [TearDown]
    public void RemoveWorkDirectory() => Directory.Delete(_work, recursive: true);

    private async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(RunSettings settings, string platform = BookwormImages.Arm64,
        CancellationToken cancellationToken = default)
    {
        using var stdout = new MemoryStream();
        using var stderr = new MemoryStream();
        var exit = await PlatformRun.RunAsync([_images.Platform(platform)], _images.Settings,
            settings with { StandardOutput = stdout, StandardError = stderr, WorkDirectory = settings.WorkDirectory ?? _work, CurrentDirectory = settings.CurrentDirectory ?? _work },
            _images.Engine, cancellationToken);
        return (exit, Encoding.UTF8.GetString(stdout.ToArray()), Encoding.UTF8.GetString(stderr.ToArray()));
    }

    [TestCase(0)]
    [TestCase(3)]
    [TestCase(77)]
    public async Task TheExitCodeIsTheCommands(int code)
    {
        var (exit, _, _) = await RunAsync(new RunSettings { Command = ["sh", "-c", $"exit {code}"] });
        Assert.That(exit, Is.EqualTo(code));
    }

    [Test]
    public async Task StdoutAndStderrArePassedThroughApart()
    {
        var (exit, stdout, stderr) = await RunAsync(new RunSettings { Command = ["sh", "-c", "echo out; echo err >&2"] });
        Assert.That((exit, stdout, stderr), Is.EqualTo((0, "out\n", "err\n")));
    }

    [Test]
    public async Task EnvironmentIsSetPrefixedAndSuffixed()
    {
        var (_, stdout, _) = await RunAsync(new RunSettings
        {
            Command = ["sh", "-c", "echo \"$GREETING|$PKG_CONFIG_PATH|$CC|$OUT\""],
            Env = ["GREETING=hello world", $"OUT={_work}/out"],
            EnvPrefix = ["PKG_CONFIG_PATH=/opt/pc"],
            EnvSuffix = ["CC=-std=c99"],
        });
        Assert.That(stdout, Is.EqualTo("hello world|/opt/pc:/usr/lib/aarch64-linux-gnu/pkgconfig|aarch64-linux-gnu-gcc:-std=c99|/work/out\n"));
    }

    [Test]
    public async Task HostPathsUnderTheWorkDirectoryAreRewrittenAndTheContainerStartsAtTheCurrentDirectory()
    {
        var sub = Directory.CreateDirectory(Path.Combine(_work, "sub")).FullName;
        await File.WriteAllTextAsync(Path.Combine(sub, "data.txt"), "payload\n");
        var (exit, stdout, stderr) = await RunAsync(new RunSettings
        {
            Command = ["sh", "-c", "pwd; echo \"$1\"; cat \"$2\"", "sh", $"OUT={_work}/x", Path.Combine(sub, "data.txt")],
            CurrentDirectory = sub,
        });
        Assert.That(exit, Is.Zero, stderr);
        Assert.That(stdout, Is.EqualTo("/work/sub\nOUT=/work/x\npayload\n"));
    }

    [Test]
    public async Task ACurrentDirectoryOutsideTheWorkDirectoryIsRejected()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => RunAsync(new RunSettings { Command = ["true"], CurrentDirectory = "/tmp" }));
        Assert.That(error!.Message, Does.Contain("not inside the work directory"));
    }

    [Test]
    public async Task FilesCreatedByTheCommandBelongToTheInvokingUser()
    {
        // As root, run as an unprivileged uid (the setting a non-root user gets by default) so the check means something.
        var user = Environment.IsPrivilegedProcess ? "4321:4322" : InvokingUser.UidGid;
        var (exit, _, stderr) = await RunAsync(new RunSettings { Command = ["sh", "-c", "echo x > made.txt && mkdir made.d"], User = user });
        Assert.That(exit, Is.Zero, stderr);
        foreach (var made in new[] { "made.txt", "made.d" })
        {
            var owner = await ProcessRunner.RunCheckedAsync(new ProcessSpec { FileName = "stat", Arguments = ["-c", "%u:%g", Path.Combine(_work, made)] });
            Assert.That(owner.StandardOutput.Trim(), Is.EqualTo(user), made);
        }
    }

    [Test]
    public async Task ConcurrentRunsOfOnePlatformDoNotCollide()
    {
        var runs = Enumerable.Range(0, 3).Select(i => RunAsync(new RunSettings { Command = ["sh", "-c", $"sleep 1; echo {i}"] })).ToList();
        var results = await Task.WhenAll(runs);
        Assert.That(results.Select(r => (r.ExitCode, r.Stdout)), Is.EqualTo(new[] { (0, "0\n"), (0, "1\n"), (0, "2\n") }));
    }

    [Test]
    public async Task CancellationStopsAndRemovesTheContainer()
    {
        var name = $"dockerbuild-test-cancel-{Guid.NewGuid():N}";
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(3));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        Assert.That(async () => await RunAsync(new RunSettings { Command = ["sleep", "120"], ContainerName = name }, cancellationToken: cancel.Token),
            Throws.InstanceOf<OperationCanceledException>());
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(60)));
        Assert.That(await _images.Engine.Containers.ExistsAsync(name, CancellationToken.None), Is.False, "the cancelled Run's container is still there");
    }

    [Test]
    public async Task StdinLinesReachTheCommand()
    {
        var (exit, stdout, stderr) = await RunAsync(new RunSettings { Command = ["wc", "-l"], StandardInput = new MemoryStream("a\nb\n"u8.ToArray()) });
        Assert.That((exit, stdout), Is.EqualTo((0, "2\n")), stderr);
    }

    [Test]
    public async Task BinaryStdinRoundTripsByteForByte()
    {
        var payload = System.Security.Cryptography.RandomNumberGenerator.GetBytes(3 * 1024 * 1024 + 5);
        using var stdout = new MemoryStream();
        var exit = await PlatformRun.RunAsync([_images.Platform(BookwormImages.Arm64)], _images.Settings, new RunSettings
        {
            Command = ["cat"], StandardInput = new MemoryStream(payload), StandardOutput = stdout, StandardError = Stream.Null,
            WorkDirectory = _work, CurrentDirectory = _work,
        }, _images.Engine);
        Assert.That(exit, Is.Zero);
        Assert.That(Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(stdout.ToArray())),
            Is.EqualTo(Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(payload))));
    }

    [Test]
    public async Task AnEmptyOrAbsentStdinEndsAtOnce([Values] bool absent)
    {
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var settings = new RunSettings { Command = ["sh", "-c", "cat; echo eof-seen"], StandardInput = absent ? null : Stream.Null };
        try
        {
            var (exit, stdout, _) = await RunAsync(settings, cancellationToken: guard.Token);
            Assert.That((exit, stdout), Is.EqualTo((0, "eof-seen\n")));
        }
        catch (OperationCanceledException) when (guard.IsCancellationRequested)
        {
            Assert.Fail("the command never saw the end of its stdin");
        }
    }

    [Test]
    public async Task ExactlyOnePlatformIsRequired()
    {
        var both = new[] { _images.Platform(BookwormImages.X64), _images.Platform(BookwormImages.Arm64) };
        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            PlatformRun.RunAsync(both, _images.Settings, new RunSettings { Command = ["true"] }, _images.Engine));
        Assert.That(error!.Message, Does.Contain("exactly one --platform").And.Contain(BookwormImages.X64));
    }
}
