using System.Diagnostics;
using DockerBuild.Tools.Engine;
using DockerBuild.Tools.Process;
using NUnit.Framework;

namespace DockerBuild.Tests.Docker.Support;

/// <summary>
/// A second dockerd, isolated from the machine's one (own data root, exec root, pid file, unix socket and bridge, no
/// iptables), listening on tcp://127.0.0.1:PORT with TLS client verification when given certificates (else on its
/// unix socket only). It can be stopped and started again on the same data root (an engine that goes away mid-run).
/// </summary>
/// <remarks>
/// Not <c>--bridge=none</c>: with it dockerd deletes the interface named docker0 at start-up, and both daemons share
/// the host's network namespace, so the machine's engine would lose its bridge. A bridge of its own (made here,
/// removed on dispose) leaves docker0 alone.
/// With <see cref="SecondDaemonOptions.HiddenDirectories"/> the daemon runs in a mount namespace of its own where those
/// directories are empty tmpfs mounts: it sees none of the client's files, as an engine on another machine would.
/// With <see cref="SecondDaemonOptions.OutboundNetwork"/> its bridge is masqueraded by rules the test adds and removes
/// (<see cref="BridgeMasquerade"/>), never by dockerd, whose iptables management would share the host's chains.
/// </remarks>
internal sealed class SecondDockerDaemon : IDisposable
{
    private System.Diagnostics.Process _process;
    private readonly ProcessStartInfo _startInfo;

    private BridgeMasquerade? _masquerade;

    private SecondDockerDaemon(string directory, int port, string bridge, ProcessStartInfo startInfo)
    {
        RootDirectory = directory;
        Port = port;
        Bridge = bridge;
        _startInfo = startInfo;
        _process = Launch(startInfo, Path.Combine(directory, "dockerd.log"));
    }

    /// <summary>The daemon's own bridge interface.</summary>
    public string Bridge { get; }

    public string RootDirectory { get; }
    public int Port { get; }
    public string TcpHost => $"tcp://127.0.0.1:{Port}";
    public string SocketPath => Path.Combine(RootDirectory, "docker.sock");
    public string UnixHost => $"unix://{SocketPath}";
    public string LogFile => Path.Combine(RootDirectory, "dockerd.log");

    public static async Task<SecondDockerDaemon> StartAsync(TestCertificates? certificates, SecondDaemonOptions? options = null)
    {
        options ??= new SecondDaemonOptions();
        var dockerd = ProcessRunner.Which("dockerd") ?? (File.Exists("/usr/sbin/dockerd") ? "/usr/sbin/dockerd" : null);
        if (dockerd is null) Assert.Fail("dockerd is needed for a second engine; install it with: apt-get install -y docker.io");
        // Short path: the unix sockets containerd makes under the exec root must fit in 108 bytes.
        var directory = Path.Combine("/tmp", $"dbd-{Guid.NewGuid():N}"[..12]);
        Directory.CreateDirectory(directory);
        await File.WriteAllTextAsync(Path.Combine(directory, "daemon.json"), "{}");
        var port = FreePort.Next();
        var (bridge, subnet) = await CreateBridgeAsync();
        var info = new ProcessStartInfo(dockerd!) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[]
                 {
                     "--config-file", Path.Combine(directory, "daemon.json"),
                     "--data-root", Path.Combine(directory, "data"),
                     "--exec-root", Path.Combine(directory, "exec"),
                     "--pidfile", Path.Combine(directory, "docker.pid"),
                     "-H", $"unix://{Path.Combine(directory, "docker.sock")}",
                     $"--bridge={bridge}", "--iptables=false", "--ip-masq=false",
                 })
            info.ArgumentList.Add(argument);
        if (certificates is not null)
            foreach (var argument in new[]
                     {
                         "-H", $"tcp://127.0.0.1:{port}",
                         "--tlsverify", "--tlscacert", certificates.CaFile, "--tlscert", certificates.ServerCertificate, "--tlskey", certificates.ServerKey,
                     })
                info.ArgumentList.Add(argument);
        if (options.HiddenDirectories.Count > 0) info = InOwnMountNamespace(info, options.HiddenDirectories, directory);
        var daemon = new SecondDockerDaemon(directory, port, bridge, info);
        try
        {
            if (options.OutboundNetwork) daemon._masquerade = await BridgeMasquerade.AddAsync(bridge, subnet);
            await daemon.WaitUntilAnsweringAsync();
        }
        catch
        {
            daemon.Dispose();
            throw;
        }
        return daemon;
    }

    /// <summary>
    /// The same dockerd command run by <c>unshare --mount</c> (private propagation) after an empty tmpfs is mounted on
    /// each hidden directory, so a bind mount of anything under them shows the container an empty directory.
    /// </summary>
    private static ProcessStartInfo InOwnMountNamespace(ProcessStartInfo dockerd, IReadOnlyList<string> hidden, string daemonDirectory)
    {
        foreach (var directory in hidden)
        {
            var full = Path.GetFullPath(directory).TrimEnd('/') + "/";
            if (!Directory.Exists(directory)) Assert.Fail($"a directory to hide from the second dockerd must exist: {directory}");
            if ((daemonDirectory + "/").StartsWith(full, StringComparison.Ordinal) || full.Contains('\''))
                Assert.Fail($"cannot hide {directory} from the second dockerd: it holds the daemon's own directory, or a quote");
        }
        if (ProcessRunner.Which("unshare") is null) Assert.Fail("unshare is needed to give the second dockerd its own mount namespace; install util-linux");
        var mounts = string.Concat(hidden.Select(d => $"mount -t tmpfs -o size=1m,mode=0755 dockerbuild-hidden '{Path.GetFullPath(d)}'; "));
        var info = new ProcessStartInfo("unshare") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "--mount", "--propagation", "private", "/bin/sh", "-c", $"set -e; {mounts}exec \"$0\" \"$@\"", dockerd.FileName })
            info.ArgumentList.Add(argument);
        foreach (var argument in dockerd.ArgumentList) info.ArgumentList.Add(argument);
        return info;
    }

    private static System.Diagnostics.Process Launch(ProcessStartInfo info, string logFile)
    {
        var process = System.Diagnostics.Process.Start(info)!;
        var log = new StreamWriter(logFile, append: true) { AutoFlush = true };
        var gate = new Lock();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (gate) log.WriteLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (gate) log.WriteLine(e.Data); };
        process.Exited += (_, _) => { lock (gate) log.Flush(); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Stops the daemon as a service manager would (SIGTERM; it stops its containers) and waits for it to exit.</summary>
    public async Task StopAsync()
    {
        if (_process.HasExited) return;
        await ProcessRunner.RunAsync(new ProcessSpec { FileName = "kill", Arguments = ["-TERM", _process.Id.ToString()] });
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try { await _process.WaitForExitAsync(patience.Token); }
        catch (OperationCanceledException) { _process.Kill(entireProcessTree: true); }
        _process.WaitForExit();
    }

    /// <summary>
    /// The engine dies at once, as when its service's whole control group is killed: SIGKILL to dockerd, its containerd
    /// and the shims (and containers) that belong to this daemon's exec root.
    /// </summary>
    public async Task KillAsync()
    {
        if (_process.HasExited) return;
        var shims = OwnShims();
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        foreach (var shim in shims.Concat(OwnShims()).Distinct())
        {
            try
            {
                using var process = System.Diagnostics.Process.GetProcessById(shim);
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
            catch (ArgumentException) { } // already gone
            catch (InvalidOperationException) { }
        }
    }

    /// <summary>The containerd shims serving this daemon (their command line names its exec root), found by /proc.</summary>
    private List<int> OwnShims()
    {
        var execRoot = Path.Combine(RootDirectory, "exec");
        var shims = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid)) continue;
            try
            {
                var commandLine = File.ReadAllText(Path.Combine(directory, "cmdline")).Replace('\0', ' ');
                if (commandLine.Contains("containerd-shim", StringComparison.Ordinal) && commandLine.Contains(execRoot + "/", StringComparison.Ordinal))
                    shims.Add(pid);
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        return shims;
    }

    /// <summary>Starts the stopped daemon again on the same data root, socket and bridge.</summary>
    public async Task RestartAsync()
    {
        await StopAsync();
        _process.Dispose();
        _process = Launch(_startInfo, LogFile);
        await WaitUntilAnsweringAsync();
    }

    /// <summary>A bridge in 198.18.0.0/15 (reserved for network tests), unlikely to meet any real network.</summary>
    private static async Task<(string Name, string Subnet)> CreateBridgeAsync()
    {
        var name = $"dbd{Random.Shared.Next(0x100000, 0xFFFFFF):x6}";
        var subnet = Random.Shared.Next(1, 254);
        await Ip("link", "add", "name", name, "type", "bridge");
        await Ip("addr", "add", $"198.18.{subnet}.1/24", "dev", name);
        await Ip("link", "set", name, "up");
        return (name, $"198.18.{subnet}.0/24");
    }

    private static Task Ip(params string[] arguments) => ProcessRunner.RunCheckedAsync(new ProcessSpec { FileName = "ip", Arguments = arguments });

    private async Task WaitUntilAnsweringAsync()
    {
        using var engine = ContainerEngine.AtUnixSocket(SocketPath);
        for (var attempt = 0; attempt < 240; attempt++)
        {
            if (_process.HasExited) Assert.Fail($"the second dockerd exited with code {_process.ExitCode}; see {LogFile}:\n{Tail()}");
            try
            {
                await engine.PingAsync(CancellationToken.None);
                return;
            }
            catch (EngineUnreachableException)
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
        _masquerade?.Dispose();
        ProcessRunner.RunAsync(new ProcessSpec { FileName = "ip", Arguments = ["link", "delete", Bridge] }).GetAwaiter().GetResult();
        // A daemon that was killed and restarted may leave its data root (or a container's layers) mounted: detach ours.
        foreach (var mount in File.ReadAllLines("/proc/mounts").Select(l => l.Split(' ')[1]).Where(m => m.StartsWith(RootDirectory + "/", StringComparison.Ordinal)).Reverse())
            ProcessRunner.RunAsync(new ProcessSpec { FileName = "umount", Arguments = ["-l", mount] }).GetAwaiter().GetResult();
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

/// <summary>How the second dockerd differs from a plain one.</summary>
internal sealed record SecondDaemonOptions
{
    /// <summary>Directories the daemon (and so every container it runs) sees as empty: the client's files stay on the client.</summary>
    public IReadOnlyList<string> HiddenDirectories { get; init; } = [];
    /// <summary>Containers on the daemon's bridge reach the outside network (image builds need the apt mirror).</summary>
    public bool OutboundNetwork { get; init; }
}
