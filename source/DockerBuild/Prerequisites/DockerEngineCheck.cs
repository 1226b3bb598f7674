using DockerBuild.Tools.Engine;
using DockerBuild.Tools.Process;

namespace DockerBuild.Prerequisites;

/// <summary>A Docker engine answers at the configured endpoint; locally it can be installed (docker.io) and started.</summary>
public sealed class DockerEngineCheck(ContainerEngine engine, HostFacts host, string stateDir)
{
    /// <summary>The engine this check starts when none answers on the local socket.</summary>
    public static readonly HostTool Dockerd = new("dockerd", "docker.io", "is the Docker engine every image build and wheel build runs in");

    public string DockerdLog => Path.Combine(stateDir, "logs", "dockerd.log");

    public async Task<CheckFinding> CheckAsync(CancellationToken cancellationToken)
    {
        try
        {
            var version = await engine.GetVersionAsync(cancellationToken);
            return new CheckFinding("docker", $"Docker {version.ServerVersion} (API {version.ApiVersion.Major}.{version.ApiVersion.Minor}) at {engine.Endpoint}", []);
        }
        catch (EngineUnreachableException e)
        {
            return new CheckFinding("docker", $"no Docker engine answers at {engine.Endpoint} ({e.Reason})", Remedies());
        }
    }

    /// <summary>Waits for a just-started engine to answer, failing with the end of its log when it does not.</summary>
    public async Task WaitUntilAnsweringAsync(CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            try
            {
                await engine.PingAsync(cancellationToken);
                return;
            }
            catch (EngineUnreachableException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(500, cancellationToken);
            }
            catch (EngineUnreachableException e)
            {
                var tail = File.Exists(DockerdLog) ? string.Join(Environment.NewLine, File.ReadLines(DockerdLog).TakeLast(40)) : "(no log written)";
                throw new PrerequisiteException($"dockerd was started but {engine.Endpoint} did not answer within 60 s: {e.Reason}. Last lines of {DockerdLog}:{Environment.NewLine}{tail}");
            }
        }
    }

    private List<Remedy> Remedies()
    {
        var endpoint = engine.Endpoint;
        if (engine.LocalSocket is not { } socket)
            return [new Remedy($"start the engine at {endpoint} or point DOCKER_HOST at a running one", null)
                { DisplayCommand = $"# start dockerd on the host behind {endpoint}, or unset DOCKER_HOST to use the local engine" }];
        if (socket != ContainerEngine.DefaultSocket)
            // A second engine needs its own data root, exec root and pid file; choosing them is the user's call.
            return [new Remedy($"start an engine listening on {endpoint}", null)
                { DisplayCommand = $"dockerd -H {endpoint} --data-root <dir> --exec-root <dir> --pidfile <file> >> {DockerdLog} 2>&1 &   # or unset DOCKER_HOST" }];
        var remedies = new List<Remedy>();
        if (Dockerd.Locate(host.ProgramDirectories) is null)
            remedies.Add(Remedy.AptInstall("no dockerd on this host", [.. Dockerd.DebianPackages]));
        remedies.Add(new Remedy($"Starting dockerd (log: {DockerdLog})", new ProcessSpec
        {
            // start-stop-daemon detaches dockerd from this process and sends its output to the log file.
            FileName = "start-stop-daemon",
            Arguments = ["--start", "--background", "--oknodo", "--output", DockerdLog, "--exec", "/usr/sbin/dockerd", "--", "-H", $"unix://{socket}"],
        })
        {
            DisplayCommand = $"dockerd -H unix://{socket} >> {DockerdLog} 2>&1 &",
        });
        return remedies;
    }
}
