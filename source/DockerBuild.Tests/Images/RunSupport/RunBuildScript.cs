using DockerBuild.Tests.Reliability.Support;
using DockerBuild.Tools.Process;
using NUnit.Framework;

namespace DockerBuild.Tests.Images.RunSupport;

/// <summary>
/// The real build's Run as a user types it in a shell, against the shared bookworm images: a scratch root whose
/// platforms/ hold the shared images' own files (so the content keys match and <c>--skip</c> finds the images, with no
/// wheels to change them), and shell scripts that pipe, redirect or give the build a pseudo-terminal.
/// </summary>
internal sealed class RunBuildScript : IDisposable
{
    private readonly string _dll;

    private RunBuildScript(string directory, string dll)
    {
        Directory = directory;
        _dll = dll;
        foreach (var folder in new[] { Root, Path.Combine(Root, "platforms"), Path.Combine(Root, "wheels"), Path.Combine(Root, ".nuke"), State, Work })
            System.IO.Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(Root, "platforms", $"{BookwormImages.X64}.yaml"), BookwormImages.X64Yaml);
        File.WriteAllText(Path.Combine(Root, "platforms", $"{BookwormImages.Arm64}.yaml"), BookwormImages.Arm64Yaml);
    }

    public string Directory { get; }
    public string Root => Path.Combine(Directory, "root");
    public string State => Path.Combine(Directory, "state");
    /// <summary>Mounted at /work; files the tests pipe in and out live here.</summary>
    public string Work => Path.Combine(Directory, "work");
    /// <summary>The build's own stderr (its report, with Run in the plan) in scripts that keep it apart.</summary>
    public string BuildErrors => Path.Combine(Directory, "build.err");

    public static async Task<RunBuildScript> CreateAsync() =>
        new(System.IO.Directory.CreateTempSubdirectory("dockerbuild-run-console-").FullName, await BuildCommand.BuildAssemblyAsync());

    /// <summary>The shell text of <c>Run --platform P -- command…</c>, every word quoted.</summary>
    public string Run(string platform, params string[] command) => string.Join(' ', new[] { "dotnet" }.Concat(Arguments(platform, command)).Select(Quote));

    /// <summary><c>Run --platform P -- command…</c> as a process of its own (no shell).</summary>
    /// <remarks>
    /// Started through <c>env --default-signal=INT</c>: a test run launched in the background by a non-interactive
    /// shell inherits SIGINT ignored, as POSIX shells set it for background jobs, and the build would rightly keep
    /// ignoring a Ctrl-C sent to it. A user's foreground build has the default disposition, which this restores.
    /// </remarks>
    public ProcessSpec Spec(string platform, params string[] command) => new()
    {
        FileName = "env",
        Arguments = ["--default-signal=INT", "dotnet", .. Arguments(platform, command)],
        WorkingDirectory = Work,
        Environment = new Dictionary<string, string?>
        {
            ["DOTNET_ROLL_FORWARD"] = "Major", ["DOTNET_NOLOGO"] = "1",
            ["DOCKER_HOST"] = null, ["DOCKER_CERT_PATH"] = null, ["DOCKER_TLS_VERIFY"] = null, ["NUKE_PROFILE"] = null,
        },
    };

    private string[] Arguments(string platform, string[] command) =>
        [_dll, "Run", "--root", Root, "--state-dir", State, "--platform", platform, "--skip", "--workdir", Work, "--", .. command];

    /// <summary>Runs <paramref name="body"/> with sh; a run longer than <paramref name="timeout"/> fails the test (a hang).</summary>
    public async Task<ProcessResult> RunShellAsync(string body, TimeSpan timeout)
    {
        var script = WriteScript(body);
        using var guard = new CancellationTokenSource(timeout);
        try
        {
            return await ProcessRunner.RunAsync(new ProcessSpec { FileName = "sh", Arguments = [script], WorkingDirectory = Work }, guard.Token);
        }
        catch (OperationCanceledException) when (guard.IsCancellationRequested)
        {
            Assert.Fail($"the build did not finish within {timeout.TotalSeconds} s (a command waiting for a stdin end that never came?):\n{body}\n{ReadBuildErrors()}");
            throw;
        }
    }

    /// <summary>Starts <paramref name="body"/> under util-linux <c>script</c>, so its stdin and stdout are a pseudo-terminal.</summary>
    public PseudoTerminalSession StartInPseudoTerminal(string body) => PseudoTerminalSession.Start(WriteScript(body), Work);

    public string ReadBuildErrors() => File.Exists(BuildErrors) ? File.ReadAllText(BuildErrors) : "";

    private string WriteScript(string body)
    {
        var path = Path.Combine(Directory, $"step-{Guid.NewGuid():N}.sh");
        File.WriteAllText(path, $"""
            export DOTNET_ROLL_FORWARD=Major DOTNET_NOLOGO=1
            unset DOCKER_HOST DOCKER_CERT_PATH DOCKER_TLS_VERIFY NUKE_PROFILE REGISTRY_PASSWORD GITHUB_TOKEN
            {body}

            """);
        return path;
    }

    public static string Quote(string word) => $"'{word.Replace("'", "'\\''")}'";

    public void Dispose()
    {
        try { System.IO.Directory.Delete(Directory, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
