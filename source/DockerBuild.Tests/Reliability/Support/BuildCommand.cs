using DockerBuild.Tests.Data;
using DockerBuild.Tools.Process;
using NUnit.Framework;

namespace DockerBuild.Tests.Reliability.Support;

/// <summary>
/// The real build as a user runs it: <c>dotnet build/bin/_build.dll</c> (made current once through <c>./build.sh</c>)
/// with <c>--root</c> and <c>--state-dir</c> pointing at a <see cref="ScratchCheckout"/>.
/// </summary>
internal static class BuildCommand
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static string? _dll;

    /// <summary>Variables the build must not inherit from the test run (secrets, an engine chosen elsewhere).</summary>
    private static readonly string[] Cleared = ["REGISTRY_PASSWORD", "GITHUB_TOKEN", "DOCKER_HOST", "DOCKER_CERT_PATH", "DOCKER_TLS_VERIFY", "NUKE_PROFILE"];

    /// <summary>The build assembly, rebuilt by build.sh when its inputs changed (a no-op otherwise).</summary>
    public static async Task<string> BuildAssemblyAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (_dll is not null) return _dll;
            var checkout = RepositoryRoot.Find();
            var result = await ProcessRunner.RunAsync(new ProcessSpec
            {
                FileName = Path.Combine(checkout, "build.sh"),
                Arguments = ["--help"],
                WorkingDirectory = checkout,
            });
            if (!result.Succeeded) Assert.Fail($"./build.sh --help failed ({result.ExitCode}):\n{result.StandardError}{result.StandardOutput}");
            return _dll = Path.Combine(checkout, "build", "bin", "_build.dll");
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>The process spec of one build invocation against <paramref name="checkout"/> (its state directory unless the arguments name one).</summary>
    public static async Task<ProcessSpec> SpecAsync(ScratchCheckout checkout, IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string?>? environment = null, IEnumerable<string>? afterDashes = null)
    {
        var dll = await BuildAssemblyAsync();
        var env = Cleared.ToDictionary(k => k, _ => (string?)null);
        env["DOTNET_ROLL_FORWARD"] = "Major";
        env["DOTNET_NOLOGO"] = "1";
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>()) env[key] = value;
        var args = new List<string> { dll };
        args.AddRange(arguments);
        args.AddRange(["--root", checkout.Root]);
        if (!args.Contains("--state-dir")) args.AddRange(["--state-dir", checkout.StateDirectory]);
        if (afterDashes is not null) args.AddRange(["--", .. afterDashes]);
        return new ProcessSpec { FileName = "dotnet", Arguments = args, WorkingDirectory = checkout.Directory, Environment = env };
    }

    /// <summary>Runs the build to completion.</summary>
    public static async Task<ProcessResult> RunAsync(ScratchCheckout checkout, IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string?>? environment = null, IEnumerable<string>? afterDashes = null, TimeSpan? timeout = null)
    {
        var spec = await SpecAsync(checkout, arguments, environment, afterDashes);
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(10));
        return await ProcessRunner.RunAsync(spec, cancel.Token);
    }

    /// <summary>Starts the build without waiting, so a test can watch its output and kill it.</summary>
    public static async Task<RunningBuild> StartAsync(ScratchCheckout checkout, IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string?>? environment = null, IEnumerable<string>? afterDashes = null) =>
        RunningBuild.Start(await SpecAsync(checkout, arguments, environment, afterDashes));
}
