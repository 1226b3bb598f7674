using System.Formats.Tar;
using System.Text;
using DockerBuild.Tools.Engine;
using NUnit.Framework;

namespace DockerBuild.Tests.Docker.Engine;

/// <summary>Containers through the engine boundary: a whole run in one call, and a session with copies in and out.</summary>
[TestFixture]
[Category("Docker")]
public sealed class ContainerTests
{
    private static DockerTestEnvironment Env => DockerTestEnvironment.Current;

    private static async Task<(long ExitCode, string Stdout, string Stderr)> RunAsync(ContainerSpec spec, CancellationToken cancellationToken = default)
    {
        using var stdout = new MemoryStream();
        using var stderr = new MemoryStream();
        var exit = await Env.Engine.Containers.RunAsync(spec, new ContainerStreams(stdout, stderr), cancellationToken);
        return (exit, Encoding.UTF8.GetString(stdout.ToArray()), Encoding.UTF8.GetString(stderr.ToArray()));
    }

    [Test]
    public async Task ExitCodeAndSeparatedStdoutAndStderrComeBack()
    {
        var (exit, stdout, stderr) = await RunAsync(new ContainerSpec
        {
            Image = Env.SeedImage,
            Command = ["sh", "-c", "echo to-out; echo to-err >&2; echo more-out; exit 3"],
        });

        Assert.That(exit, Is.EqualTo(3));
        Assert.That(stdout, Is.EqualTo("to-out\nmore-out\n"));
        Assert.That(stderr, Is.EqualTo("to-err\n"));
    }

    [Test]
    public async Task RunRemovesTheContainerAfterwards()
    {
        var name = $"dockerbuild-test-removed-{DockerTestEnvironment.RunId}";
        var (exit, _, _) = await RunAsync(new ContainerSpec { Image = Env.SeedImage, Name = name, Command = ["true"] });

        Assert.That(exit, Is.Zero);
        Assert.That(await Env.Engine.Containers.ExistsAsync(name, CancellationToken.None), Is.False);
    }

    [Test]
    public async Task TtyOutputArrivesAsOneStream()
    {
        var (exit, stdout, stderr) = await RunAsync(new ContainerSpec
        {
            Image = Env.SeedImage, Tty = true, Command = ["sh", "-c", "echo tty-out; echo tty-err >&2"],
        });

        Assert.That(exit, Is.Zero);
        Assert.That(stdout, Does.Contain("tty-out").And.Contain("tty-err"));
        Assert.That(stderr, Is.Empty);
    }

    [Test]
    public async Task EnvironmentUserWorkdirLabelsAndNoNetworkApply()
    {
        var name = $"dockerbuild-test-settings-{DockerTestEnvironment.RunId}";
        var (exit, stdout, _) = await RunAsync(new ContainerSpec
        {
            Image = Env.SeedImage,
            Name = name,
            Env = ["GREETING=hello there"],
            User = "1234:5678",
            WorkingDirectory = "/work/sub",
            Labels = new Dictionary<string, string> { ["dockerbuild.test"] = "yes" },
            NoNetwork = true,
            Command = ["sh", "-c", "echo \"$GREETING\"; id -u; id -g; pwd; ls /sys/class/net"],
        });

        Assert.That(exit, Is.Zero);
        Assert.That(stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries), Is.EqualTo(new[] { "hello there", "1234", "5678", "/work/sub", "lo" }));
    }

    [Test]
    public async Task BindMountIsVisibleInsideAndWritesComeBack()
    {
        var dir = Directory.CreateTempSubdirectory("dockerbuild-bind-").FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(dir, "input.txt"), "from the host");
            var (exit, stdout, _) = await RunAsync(new ContainerSpec
            {
                Image = Env.SeedImage,
                Mounts = [new BindMount(dir, "/in")],
                Command = ["sh", "-c", "cat /in/input.txt; echo written > /in/output.txt"],
            });

            Assert.That(exit, Is.Zero);
            Assert.That(stdout, Is.EqualTo("from the host"));
            Assert.That(await File.ReadAllTextAsync(Path.Combine(dir, "output.txt")), Is.EqualTo("written\n"));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Test]
    public async Task CancellationKillsAndRemovesTheContainer()
    {
        var name = $"dockerbuild-test-cancel-{DockerTestEnvironment.RunId}";
        using var cancellation = new CancellationTokenSource();
        var started = new TaskCompletionSource();
        using var stdout = new SignallingStream(() => started.TrySetResult());
        var run = Env.Engine.Containers.RunAsync(
            new ContainerSpec { Image = Env.SeedImage, Name = name, Command = ["sh", "-c", "echo running; exec sleep 600"] },
            new ContainerStreams(stdout, Stream.Null), cancellation.Token);

        await Task.WhenAny(started.Task, run);
        Assert.That(started.Task.IsCompleted, Is.True, "the container should have printed before being cancelled");
        await cancellation.CancelAsync();

        await Assert.CatchAsync<OperationCanceledException>(() => run);
        Assert.That(await Env.Engine.Containers.ExistsAsync(name, CancellationToken.None), Is.False);
    }

    [Test]
    public async Task ASessionCopiesATreeInRunsAndCopiesTheResultOut()
    {
        string id;
        await using (var container = await Env.Engine.Containers.CreateAsync(new ContainerSpec
        {
            Image = Env.SeedImage, Command = ["sh", "-c", "cat /data/in.txt > /data/out.txt"],
        }, CancellationToken.None))
        {
            id = container.Id;
            using (var tar = new MemoryStream())
            {
                await using (var writer = new TarWriter(tar, leaveOpen: true))
                {
                    await writer.WriteEntryAsync(new PaxTarEntry(TarEntryType.Directory, "data/") { Mode = (UnixFileMode)0b111_111_111 });
                    await writer.WriteEntryAsync(new PaxTarEntry(TarEntryType.RegularFile, "data/in.txt") { DataStream = new MemoryStream("copied in"u8.ToArray()) });
                }
                tar.Position = 0;
                await container.CopyInAsync(tar, CancellationToken.None);
            }
            Assert.That(await container.RunAsync(new ContainerStreams(Stream.Null, Stream.Null), CancellationToken.None), Is.Zero);

            await using (var archive = await container.CopyOutAsync("/data/out.txt", CancellationToken.None))
            {
                Assert.That(archive, Is.Not.Null);
                await using var reader = new TarReader(archive!);
                var entry = await reader.GetNextEntryAsync();
                Assert.That(entry?.Name, Is.EqualTo("out.txt"));
                using var content = new StreamReader(entry!.DataStream!);
                Assert.That(await content.ReadToEndAsync(), Is.EqualTo("copied in"));
            }
            Assert.That(await container.CopyOutAsync("/data/absent.txt", CancellationToken.None), Is.Null, "a path the container lacks is null, not an error");
        }
        Assert.That(await Env.Engine.Containers.ExistsAsync(id, CancellationToken.None), Is.False, "disposing the session removes the container");
    }

    /// <summary>A sink that signals when the first bytes arrive.</summary>
    /// <summary>Signals on the first write, by whichever overload the client writes with (every async one ends in these).</summary>
    private sealed class SignallingStream(Action onFirstWrite) : MemoryStream
    {
        public override void Write(byte[] buffer, int offset, int count)
        {
            onFirstWrite();
            base.Write(buffer, offset, count);
        }

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            onFirstWrite();
            base.Write(buffer);
        }
    }
}
