using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using DockerBuild.Tests.Data;
using DockerBuild.Tools.Process;
using NUnit.Framework;

namespace DockerBuild.Tests.Uploads;

/// <summary>
/// The system Python's pip, isolated from the host's pip configuration (index, find-links, cache), so a wheel it
/// installs can only have come from the index under test; and a real loopback HTTP server (python3 -m http.server).
/// </summary>
internal static class RealPip
{
    public const string Python = "/usr/bin/python3";

    private static readonly Dictionary<string, string?> Isolated = new()
    {
        ["PIP_CONFIG_FILE"] = "/dev/null",
        ["PIP_INDEX_URL"] = null,
        ["PIP_EXTRA_INDEX_URL"] = null,
        ["PIP_FIND_LINKS"] = null,
        ["PIP_NO_INDEX"] = null,
        ["PIP_NO_CACHE_DIR"] = "1",
        ["PIP_DISABLE_PIP_VERSION_CHECK"] = "1",
        ["PYTHONDONTWRITEBYTECODE"] = "1",
    };

    /// <summary>Fails the test with what to install when the system Python cannot build wheels.</summary>
    public static async Task RequireAsync()
    {
        if (!File.Exists(Python))
            Assert.Fail($"{Python} is missing: install python3, python3-pip, python3-setuptools and python3-wheel");
        var probe = await ProcessRunner.RunAsync(new ProcessSpec
        {
            FileName = Python,
            Arguments = ["-c", "import setuptools, wheel, pip"],
            Environment = Isolated,
        });
        if (!probe.Succeeded)
            Assert.Fail($"{Python} cannot build wheels ({probe.StandardError.Trim()}): install python3-pip, python3-setuptools and python3-wheel");
    }

    /// <summary>Builds the checkout's pure-Python example (wheels/local/romanum) at <paramref name="version"/>; returns the .whl.</summary>
    public static async Task<string> BuildRomanumAsync(string scratch, string version)
    {
        var source = Path.Combine(scratch, $"romanum-src-{version}");
        var original = Path.Combine(RepositoryRoot.Wheels, "local", "romanum");
        foreach (var file in Directory.EnumerateFiles(original, "*", SearchOption.AllDirectories)
                     .Where(f => !f.Contains("egg-info") && !f.Contains("__pycache__") && !f.Contains($"{Path.DirectorySeparatorChar}build{Path.DirectorySeparatorChar}")))
        {
            var destination = Path.Combine(source, Path.GetRelativePath(original, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }
        var project = Path.Combine(source, "pyproject.toml");
        var text = await File.ReadAllTextAsync(project);
        Assert.That(text, Does.Contain("version = \"1.0.0\""), "the example's pyproject.toml declares its version");
        await File.WriteAllTextAsync(project, text.Replace("version = \"1.0.0\"", $"version = \"{version}\""));

        var output = Path.Combine(scratch, $"romanum-dist-{version}");
        await RunAsync(["-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--wheel-dir", output, source], source);
        return Directory.EnumerateFiles(output, "*.whl").Single();
    }

    /// <summary>pip install --no-deps from <paramref name="indexUrl"/> into <paramref name="target"/>.</summary>
    public static Task<ProcessResult> InstallAsync(string indexUrl, string requirement, string target) =>
        RunAsync(["-m", "pip", "install", "--no-deps", "--index-url", indexUrl, requirement, "--target", target]);

    /// <summary>pip download of the one wheel a CPython of <paramref name="python"/> on <paramref name="platform"/> would install.</summary>
    public static Task<ProcessResult> DownloadAsync(string indexUrl, string requirement, string target, string python, string platform) =>
        RunAsync(["-m", "pip", "download", "--no-deps", "--only-binary=:all:", "--implementation", "cp", "--python-version", python,
            "--platform", platform, "--index-url", indexUrl, "--dest", target, requirement]);

    /// <summary>Runs Python code with <paramref name="path"/> first on sys.path; returns its standard output.</summary>
    public static async Task<string> ImportAsync(string path, string code) =>
        (await RunAsync(["-c", $"import sys; sys.path.insert(0, {PythonString(path)}); {code}"])).StandardOutput.Trim();

    private static string PythonString(string text) => "'" + text.Replace("\\", "\\\\").Replace("'", "\\'") + "'";

    private static async Task<ProcessResult> RunAsync(IReadOnlyList<string> arguments, string? workingDirectory = null)
    {
        var spec = new ProcessSpec { FileName = Python, Arguments = arguments, Environment = Isolated, WorkingDirectory = workingDirectory };
        var result = await ProcessRunner.RunAsync(spec);
        if (!result.Succeeded)
            Assert.Fail($"{spec} failed with exit code {result.ExitCode}:\n{result.StandardOutput}\n{result.StandardError}");
        return result;
    }

    /// <summary>Serves <paramref name="root"/> with python3 -m http.server on a free loopback port.</summary>
    public static async Task<HttpDirectoryServer> ServeAsync(string root)
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var process = Process.Start(new ProcessStartInfo(Python, ["-m", "http.server", "--bind", "127.0.0.1", "--directory", root, port.ToString()])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        var server = new HttpDirectoryServer(process, new Uri($"http://127.0.0.1:{port}/"));
        using var http = new HttpClient();
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                using var response = await http.GetAsync(server.BaseUri);
                return server;
            }
            catch (HttpRequestException) when (attempt < 100 && !process.HasExited)
            {
                await Task.Delay(100);
            }
        }
    }
}

/// <summary>A running python3 -m http.server; stopped (this process only) on dispose.</summary>
internal sealed class HttpDirectoryServer(Process process, Uri baseUri) : IDisposable
{
    public Uri BaseUri { get; } = baseUri;

    public void Dispose()
    {
        if (!process.HasExited) process.Kill();
        process.WaitForExit(5000);
        process.Dispose();
    }
}
