using System.Diagnostics;
using DockerBuild.Tools.Docker;
using DockerBuild.Tools.Docker.Transport;
using DockerBuild.Tools.Process;
using NUnit.Framework;

namespace DockerBuild.Tests.Docker.Support;

/// <summary>
/// A second dockerd, isolated from the machine's one (own data root, exec root, pid file, unix socket and bridge, no
/// iptables), listening on tcp://127.0.0.1:PORT with TLS client verification.
/// </summary>
/// <remarks>
/// Not <c>--bridge=none</c>: with it dockerd deletes the interface named docker0 at start-up, and both daemons share
/// the host's network namespace, so the machine's engine would lose its bridge. A bridge of its own (made here,
/// removed on dispose) leaves docker0 alone.
/// </remarks>
internal sealed class SecondDockerDaemon : IDisposable
{
    private readonly System.Diagnostics.Process _process;

    private SecondDockerDaemon(string directory, int port, string bridge, System.Diagnostics.Process process)
    {
        RootDirectory = directory;
        Port = port;
        Bridge = bridge;
        _process = process;
    }

    /// <summary>The daemon's own bridge interface.</summary>
    public string Bridge { get; }

    public string RootDirectory { get; }
    public int Port { get; }
    public string TcpHost => $"tcp://127.0.0.1:{Port}";
    public string SocketPath => Path.Combine(RootDirectory, "docker.sock");
    public string LogFile => Path.Combine(RootDirectory, "dockerd.log");

    public static async Task<SecondDockerDaemon> StartAsync(TestCertificates certificates)
    {
        var dockerd = ProcessRunner.Which("dockerd") ?? (File.Exists("/usr/sbin/dockerd") ? "/usr/sbin/dockerd" : null);
        if (dockerd is null) Assert.Fail("dockerd is needed for the TLS endpoint test; install it with: apt-get install -y docker.io");
        // Short path: the unix sockets containerd makes under the exec root must fit in 108 bytes.
        var directory = Path.Combine("/tmp", $"dbd-{Guid.NewGuid():N}"[..12]);
        Directory.CreateDirectory(directory);
        await File.WriteAllTextAsync(Path.Combine(directory, "daemon.json"), "{}");
        var port = FreePort.Next();
        var bridge = await CreateBridgeAsync();
        var info = new ProcessStartInfo(dockerd!) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[]
                 {
                     "--config-file", Path.Combine(directory, "daemon.json"),
                     "--data-root", Path.Combine(directory, "data"),
                     "--exec-root", Path.Combine(directory, "exec"),
                     "--pidfile", Path.Combine(directory, "docker.pid"),
                     "-H", $"unix://{Path.Combine(directory, "docker.sock")}",
                     "-H", $"tcp://127.0.0.1:{port}",
                     "--tlsverify", "--tlscacert", certificates.CaFile, "--tlscert", certificates.ServerCertificate, "--tlskey", certificates.ServerKey,
                     $"--bridge={bridge}", "--iptables=false", "--ip-masq=false",
                 })
            info.ArgumentList.Add(argument);
        var process = System.Diagnostics.Process.Start(info)!;
        var log = new StreamWriter(Path.Combine(directory, "dockerd.log")) { AutoFlush = true };
        var gate = new Lock();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (gate) log.WriteLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (gate) log.WriteLine(e.Data); };
        process.Exited += (_, _) => { lock (gate) log.Flush(); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var daemon = new SecondDockerDaemon(directory, port, bridge, process);
        await daemon.WaitUntilAnsweringAsync();
        return daemon;
    }

    /// <summary>A bridge in 198.18.0.0/15 (reserved for network tests), unlikely to meet any real network.</summary>
    private static async Task<string> CreateBridgeAsync()
    {
        var name = $"dbd{Random.Shared.Next(0x100000, 0xFFFFFF):x6}";
        var subnet = Random.Shared.Next(1, 254);
        await Ip("link", "add", "name", name, "type", "bridge");
        await Ip("addr", "add", $"198.18.{subnet}.1/24", "dev", name);
        await Ip("link", "set", name, "up");
        return name;
    }

    private static Task Ip(params string[] arguments) => ProcessRunner.RunCheckedAsync(new ProcessSpec { FileName = "ip", Arguments = arguments });

    private async Task WaitUntilAnsweringAsync()
    {
        using var client = new DockerClientConfiguration(DockerEndpoint.Unix(SocketPath)).CreateClient();
        for (var attempt = 0; attempt < 240; attempt++)
        {
            if (_process.HasExited) Assert.Fail($"the second dockerd exited with code {_process.ExitCode}; see {LogFile}:\n{Tail()}");
            try
            {
                await client.System.PingAsync();
                return;
            }
            catch (DockerEngineUnreachableException)
            {
                await Task.Delay(250);
            }
        }
        Assert.Fail($"the second dockerd did not answer on {SocketPath}; see {LogFile}:\n{Tail()}");
    }

    private string Tail()
    {
        using var reader = new StreamReader(new FileStream(LogFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
        return string.Join('\n', reader.ReadToEnd().Split('\n').TakeLast(30));
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            // SIGTERM lets dockerd stop its containerd and unmount its data root.
            ProcessRunner.RunAsync(new ProcessSpec { FileName = "kill", Arguments = ["-TERM", _process.Id.ToString()] }).GetAwaiter().GetResult();
            if (!_process.WaitForExit(30_000)) _process.Kill(entireProcessTree: true);
        }
        _process.WaitForExit();
        _process.Dispose();
        ProcessRunner.RunAsync(new ProcessSpec { FileName = "ip", Arguments = ["link", "delete", Bridge] }).GetAwaiter().GetResult();
        try
        {
            Directory.Delete(RootDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Overlay mounts may linger briefly; the directory is under /tmp.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
