using NUnit.Framework;
using System.Diagnostics;
using DockerBuild.Tools.Process;

namespace DockerBuild.Tests.Docker.Support;

/// <summary>
/// A real Docker registry (Debian's docker-registry) on a free loopback port with filesystem storage in a temp
/// directory, optionally behind htpasswd (bcrypt) basic auth. Its access log is kept for assertions.
/// </summary>
internal sealed class RegistryProcess : IDisposable
{
    private readonly System.Diagnostics.Process _process;
    private readonly StreamWriter _log;
    private readonly Lock _gate = new();

    private RegistryProcess(string directory, int port, System.Diagnostics.Process process, StreamWriter log)
    {
        RootDirectory = directory;
        Port = port;
        _process = process;
        _log = log;
    }

    public string RootDirectory { get; }
    public int Port { get; }
    /// <summary>host:port, as used in image references.</summary>
    public string Address => $"127.0.0.1:{Port}";
    public string LogFile => Path.Combine(RootDirectory, "registry.log");

    public static async Task<RegistryProcess> StartAsync(string name, (string user, string password)? basicAuth = null)
    {
        var executable = ProcessRunner.Which("docker-registry")
            ?? throw new InvalidOperationException("docker-registry is not installed; install it with: apt-get install -y docker-registry");
        var directory = Path.Combine(Path.GetTempPath(), $"dockerbuild-registry-{name}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path.Combine(directory, "storage"));
        var port = FreePort.Next();
        var auth = "";
        if (basicAuth is { } credentials)
        {
            var htpasswd = await HtpasswdAsync(credentials.user, credentials.password);
            await File.WriteAllTextAsync(Path.Combine(directory, "htpasswd"), htpasswd);
            auth = $"auth:\n  htpasswd:\n    realm: dockerbuild-test\n    path: {Path.Combine(directory, "htpasswd")}\n";
        }
        var config = Path.Combine(directory, "config.yml");
        await File.WriteAllTextAsync(config,
            $"version: 0.1\nlog:\n  level: info\nstorage:\n  filesystem:\n    rootdirectory: {Path.Combine(directory, "storage")}\n  delete:\n    enabled: true\n" +
            $"http:\n  addr: 127.0.0.1:{port}\n{auth}");

        var info = new ProcessStartInfo(executable) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        info.ArgumentList.Add("serve");
        info.ArgumentList.Add(config);
        var process = System.Diagnostics.Process.Start(info)!;
        var log = new StreamWriter(Path.Combine(directory, "registry.log")) { AutoFlush = true };
        var registry = new RegistryProcess(directory, port, process, log);
        process.OutputDataReceived += (_, e) => registry.Append(e.Data);
        process.ErrorDataReceived += (_, e) => registry.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await registry.WaitUntilServingAsync();
        return registry;
    }

    /// <summary>Access-log requests so far as (method, path), e.g. ("GET", "/v2/repo/blobs/sha256:…").</summary>
    public IReadOnlyList<(string method, string path)> Requests()
    {
        var requests = new List<(string, string)>();
        foreach (var line in ReadLog().Split('\n'))
        {
            // Apache-style access line: ... "GET /v2/... HTTP/1.1" 200 ...
            var match = System.Text.RegularExpressions.Regex.Match(line, "\"([A-Z]+) (/v2/[^ ]*) HTTP/[0-9.]+\"");
            if (match.Success) requests.Add((match.Groups[1].Value, match.Groups[2].Value));
        }
        return requests;
    }

    /// <summary>Blob downloads so far, leaving out <paramref name="ignoredDigest"/>.</summary>
    public int BlobDownloads(string? ignoredDigest = null) =>
        Requests().Count(r => r.method == "GET" && r.path.Contains("/blobs/", StringComparison.Ordinal) && (ignoredDigest is null || !r.path.Contains(ignoredDigest, StringComparison.Ordinal)));

    /// <summary>Requests so far that wrote anything (blob uploads, manifest puts).</summary>
    public int Writes() => Requests().Count(r => r.method is "PUT" or "POST" or "PATCH" or "DELETE");

    /// <summary>The manifest digest the registry serves for repo:tag, read straight from the registry API.</summary>
    public async Task<string?> ManifestDigestAsync(string repository, string tag, (string user, string password)? credentials = null)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Head, $"http://{Address}/v2/{repository}/manifests/{tag}");
        request.Headers.Accept.ParseAdd("application/vnd.docker.distribution.manifest.v2+json");
        request.Headers.Accept.ParseAdd("application/vnd.docker.distribution.manifest.list.v2+json");
        request.Headers.Accept.ParseAdd("application/vnd.oci.image.manifest.v1+json");
        request.Headers.Accept.ParseAdd("application/vnd.oci.image.index.v1+json");
        if (credentials is { } c)
            request.Headers.Authorization = new("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{c.user}:{c.password}")));
        using var response = await http.SendAsync(request);
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound) return null;
        response.EnsureSuccessStatusCode();
        return response.Headers.GetValues("Docker-Content-Digest").Single();
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_gate) _log.WriteLine(line);
    }

    private async Task WaitUntilServingAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        for (var attempt = 0; attempt < 150; attempt++)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"docker-registry exited with code {_process.ExitCode}; see {LogFile}:\n{ReadLog()}");
            try
            {
                using var response = await http.GetAsync($"http://{Address}/v2/");
                if ((int)response.StatusCode is 200 or 401) return;
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
            await Task.Delay(100);
        }
        throw new InvalidOperationException($"docker-registry on {Address} did not answer; see {LogFile}:\n{ReadLog()}");
    }

    private string ReadLog()
    {
        lock (_gate)
        {
            _log.Flush();
            using var reader = new StreamReader(new FileStream(LogFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
            return reader.ReadToEnd();
        }
    }

    private static async Task<string> HtpasswdAsync(string user, string password)
    {
        if (ProcessRunner.Which("htpasswd") is null)
            throw new InvalidOperationException("htpasswd is not installed (the registry needs bcrypt entries); install it with: apt-get install -y apache2-utils");
        var result = await ProcessRunner.RunCheckedAsync(new ProcessSpec { FileName = "htpasswd", Arguments = ["-Bbn", user, password] });
        return result.StandardOutput.Trim() + "\n";
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }
        catch (InvalidOperationException)
        {
        }
        _process.Dispose();
        lock (_gate) _log.Dispose();
        try
        {
            Directory.Delete(RootDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
