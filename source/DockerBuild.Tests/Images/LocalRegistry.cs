using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace DockerBuild.Tests.Images;

/// <summary>
/// A real registry for push/pull tests: Debian's <c>docker-registry</c> serving a temporary directory on a free
/// loopback port (loopback registries need no TLS with the engine). Disposing stops it and removes the storage.
/// </summary>
internal sealed class LocalRegistry : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _directory;

    private LocalRegistry(Process process, string directory, string address)
    {
        _process = process;
        _directory = directory;
        Address = address;
    }

    /// <summary>host:port, as given to --registry.</summary>
    public string Address { get; }

    public static async Task<LocalRegistry> StartAsync()
    {
        var executable = DockerBuild.Tools.Process.ProcessRunner.Which("docker-registry")
            ?? throw new InvalidOperationException("docker-registry is not installed (apt-get install docker-registry); the push/pull test needs a real registry.");
        var directory = Directory.CreateTempSubdirectory("dockerbuild-registry-").FullName;
        var port = FreePort();
        var config = Path.Combine(directory, "config.yml");
        await File.WriteAllTextAsync(config, $"""
            version: 0.1
            log:
              level: warn
            storage:
              filesystem:
                rootdirectory: {Path.Combine(directory, "storage")}
              delete:
                enabled: true
            http:
              addr: 127.0.0.1:{port}

            """);
        var process = Process.Start(new ProcessStartInfo(executable, ["serve", config])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var registry = new LocalRegistry(process, directory, $"127.0.0.1:{port}");
        using var http = new HttpClient();
        for (var attempt = 0; attempt < 100; attempt++)
        {
            try
            {
                using var response = await http.GetAsync($"http://127.0.0.1:{port}/v2/");
                if (response.StatusCode == HttpStatusCode.OK) return registry;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            if (process.HasExited) break;
            await Task.Delay(100);
        }
        await registry.DisposeAsync();
        throw new InvalidOperationException($"docker-registry did not answer on 127.0.0.1:{port}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
