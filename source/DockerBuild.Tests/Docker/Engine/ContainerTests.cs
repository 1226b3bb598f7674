using System.Formats.Tar;
using System.Text;
using DockerBuild.Tools.Docker;
using DockerBuild.Tools.Docker.Models;
using NUnit.Framework;

namespace DockerBuild.Tests.Docker.Engine;

[TestFixture]
[Category("Docker")]
public sealed class ContainerTests
{
    private static DockerTestEnvironment Env => DockerTestEnvironment.Current;

    private static async Task<(ContainerRunResult result, string stdout, string stderr)> RunAsync(CreateContainerParameters parameters, CancellationToken cancellationToken = default)
    {
        using var stdout = new MemoryStream();
        using var stderr = new MemoryStream();
        var result = await Env.Client.Containers.RunAsync(parameters, stdout, stderr, cancellationToken);
        return (result, Encoding.UTF8.GetString(stdout.ToArray()), Encoding.UTF8.GetString(stderr.ToArray()));
    }

    [Test]
    public async Task ExitCodeAndSeparatedStdoutAndStderrComeBack()
    {
        var (result, stdout, stderr) = await RunAsync(new CreateContainerParameters
        {
            Image = Env.SeedImage,
            Cmd = ["sh", "-c", "echo to-out; echo to-err >&2; echo more-out; exit 3"],
        });

        Assert.That(result.ExitCode, Is.EqualTo(3));
        Assert.That(stdout, Is.EqualTo("to-out\nmore-out\n"));
        Assert.That(stderr, Is.EqualTo("to-err\n"));
    }

    [Test]
    public async Task RunRemovesTheContainerAfterwards()
    {
        var (result, _, _) = await RunAsync(new CreateContainerParameters { Image = Env.SeedImage, Cmd = ["true"] });

        Assert.That(result.ExitCode, Is.Zero);
        await Assert.ThrowsAsync<DockerContainerNotFoundException>(() => Env.Client.Containers.InspectContainerAsync(result.ContainerId));
    }

    [Test]
    public async Task TtyOutputArrivesAsOneStream()
    {
        var (result, stdout, stderr) = await RunAsync(new CreateContainerParameters
        {
            Image = Env.SeedImage, Tty = true, Cmd = ["sh", "-c", "echo tty-out; echo tty-err >&2"],
        });

        Assert.That(result.ExitCode, Is.Zero);
        Assert.That(stdout, Does.Contain("tty-out").And.Contain("tty-err"));
        Assert.That(stderr, Is.Empty);
    }

    [Test]
    public async Task EnvironmentUserWorkdirLabelsAndNoNetworkApply()
    {
        var name = $"dockerbuild-test-settings-{DockerTestEnvironment.RunId}";
        var (result, stdout, _) = await RunAsync(new CreateContainerParameters
        {
            Image = Env.SeedImage,
            Name = name,
            Env = ["GREETING=hello there"],
            User = "1234:5678",
            WorkingDir = "/work/sub",
            Labels = new Dictionary<string, string> { ["dockerbuild.test"] = "yes" },
            HostConfig = new HostConfig { NetworkMode = "none" },
            Cmd = ["sh", "-c", "echo \"$GREETING\"; id -u; id -g; pwd; ls /sys/class/net"],
        });

        Assert.That(result.ExitCode, Is.Zero);
        Assert.That(stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries), Is.EqualTo(new[] { "hello there", "1234", "5678", "/work/sub", "lo" }));
    }

    [Test]
    public async Task BindMountIsVisibleInside()
    {
        var dir = Directory.CreateTempSubdirectory("dockerbuild-bind-").FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(dir, "input.txt"), "from the host");
            var (result, stdout, _) = await RunAsync(new CreateContainerParameters
            {
                Image = Env.SeedImage,
                HostConfig = new HostConfig { Mounts = [new Mount { Source = dir, Target = "/in", ReadOnly = true }], Binds = [$"{dir}:/rw"] },
                Cmd = ["sh", "-c", "cat /in/input.txt; echo written > /rw/output.txt"],
            });

            Assert.That(result.ExitCode, Is.Zero);
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
        var run = Env.Client.Containers.RunAsync(
            new CreateContainerParameters { Image = Env.SeedImage, Name = name, Cmd = ["sh", "-c", "echo running; exec sleep 600"] },
            stdout, Stream.Null, cancellation.Token);

        await Task.WhenAny(started.Task, run);
        Assert.That(started.Task.IsCompleted, Is.True, "the container should have printed before being cancelled");
        await cancellation.CancelAsync();

        await Assert.CatchAsync<OperationCanceledException>(() => run);
        await Assert.ThrowsAsync<DockerContainerNotFoundException>(() => Env.Client.Containers.InspectContainerAsync(name));
    }

    [Test]
    public async Task ArchiveCopiesIntoAndOutOfAContainer()
    {
        var created = await Env.Client.Containers.CreateContainerAsync(new CreateContainerParameters
        {
            Image = Env.SeedImage, Cmd = ["sh", "-c", "cat /data/in.txt > /data/out.txt"],
        });
        try
        {
            using (var tar = new MemoryStream())
            {
                await using (var writer = new TarWriter(tar, leaveOpen: true))
                {
                    await writer.WriteEntryAsync(new PaxTarEntry(TarEntryType.Directory, "data/") { Mode = (UnixFileMode)0b111_111_111 });
                    await writer.WriteEntryAsync(new PaxTarEntry(TarEntryType.RegularFile, "data/in.txt") { DataStream = new MemoryStream("copied in"u8.ToArray()) });
                }
                tar.Position = 0;
                await Env.Client.Containers.ExtractArchiveToContainerAsync(created.ID, new ContainerPathStatParameters { Path = "/" }, tar);
            }
            await Env.Client.Containers.StartContainerAsync(created.ID);
            var exit = await Env.Client.Containers.WaitContainerAsync(created.ID);
            Assert.That(exit.StatusCode, Is.Zero);

            using var archive = await Env.Client.Containers.GetArchiveFromContainerAsync(created.ID, new GetArchiveFromContainerParameters { Path = "/data/out.txt" });
            Assert.That(archive.Stat.Name, Is.EqualTo("out.txt"));
            await using var reader = new TarReader(archive.Stream);
            var entry = await reader.GetNextEntryAsync();
            Assert.That(entry?.Name, Is.EqualTo("out.txt"));
            using var content = new StreamReader(entry!.DataStream!);
            Assert.That(await content.ReadToEndAsync(), Is.EqualTo("copied in"));
        }
        finally
        {
            await Env.Client.Containers.RemoveContainerAsync(created.ID, new ContainerRemoveParameters { Force = true });
        }
    }

    /// <summary>A sink that signals when the first bytes arrive.</summary>
    private sealed class SignallingStream(Action onFirstWrite) : MemoryStream
    {
        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            onFirstWrite();
            return base.WriteAsync(buffer, cancellationToken);
        }
    }
}
