using DockerBuild.Tests.Reliability.Support;
using NUnit.Framework;

namespace DockerBuild.Tests.Reliability;

/// <summary>
/// Secrets around Upload. The build passes no CIPD credential of its own: with <c>--cipd-service</c> the <c>cipd</c>
/// client authenticates itself (its <c>auth-login</c> token cache, or on CI the <c>LUCI_CONTEXT</c> file it is
/// pointed at through the environment). So the client must get its environment, and neither that credential nor the
/// build's own secrets (<c>--registry-password</c>, <c>--github-token</c>, their environment variables) may show in
/// Upload's output, logs or state files, or on the client's command line — also when the service refuses the
/// credential, and when attaching to a GitHub release fails. The client is a stand-in on PATH that records its
/// arguments and environment and answers as the real client does when the service refuses a credential.
/// </summary>
[TestFixture, Category("Reliability"), System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class UploadSecretTests
{
    private const string Platform = InterruptedWheelBuildTests.Platform;

    [Test]
    public async Task NoSecretReachesUploadOutputLogsOrTheCipdCommandLine()
    {
        using var checkout = new ScratchCheckout();
        var built = await BuildCommand.RunAsync(checkout, ["BuildWheel", "--platform", Platform, "--wheel", "fastsum"]);
        Assert.That(built.ExitCode, Is.Zero, built.StandardOutput);

        var suffix = Guid.NewGuid().ToString("N")[..12];
        var secrets = new Dictionary<string, string>
        {
            ["CIPD credential (LUCI_CONTEXT file)"] = $"luci-local-auth-s3cr3t-{suffix}",
            ["--registry-password"] = $"s3cr3t-cli-registry-{suffix}",
            ["--github-token"] = $"ghp_s3cr3tCliToken{suffix}",
            ["REGISTRY_PASSWORD"] = $"s3cr3t-env-registry-{suffix}",
            ["GITHUB_TOKEN"] = $"ghp_s3cr3tEnvToken{suffix}",
        };
        var client = Directory.CreateDirectory(Path.Combine(checkout.Directory, "cipd-client")).FullName;
        var luciContext = Path.Combine(client, "luci_context.json");
        File.WriteAllText(luciContext, $$$"""{"local_auth": {"rpc_port": 1, "secret": "{{{secrets["CIPD credential (LUCI_CONTEXT file)"]}}}", "default_account_id": "task"}}""");
        WriteRefusingClient(client);
        var environment = new Dictionary<string, string?>
        {
            ["PATH"] = client + ":" + Environment.GetEnvironmentVariable("PATH"),
            ["LUCI_CONTEXT"] = luciContext,
            ["REGISTRY_PASSWORD"] = secrets["REGISTRY_PASSWORD"],
            ["GITHUB_TOKEN"] = secrets["GITHUB_TOKEN"],
        };
        string[] fromCommandLine = ["--registry-password", secrets["--registry-password"], "--github-token", secrets["--github-token"]];
        string[] upload = ["Upload", "--skip", "--upload", "--platform", Platform, "--wheel", "fastsum", "--verbosity", "verbose"];

        var service = await BuildCommand.RunAsync(checkout, [.. upload, "--cipd-service", "https://cipd.example.invalid", .. fromCommandLine], environment);
        var release = await BuildCommand.RunAsync(checkout, [.. upload, "--github-release", "example/fastsum@v1.0.0", .. fromCommandLine], environment);

        var calls = File.Exists(Path.Combine(client, "calls.txt")) ? File.ReadAllLines(Path.Combine(client, "calls.txt")) : [];
        var childEnvironment = File.Exists(Path.Combine(client, "env.txt")) ? File.ReadAllText(Path.Combine(client, "env.txt")) : "";
        var files = checkout.WrittenFiles().Select(f => Path.Combine(checkout.Directory, f)).ToList();
        var leaks = new List<string>();
        foreach (var (name, secret) in secrets)
        {
            if (service.StandardOutput.Contains(secret) || service.StandardError.Contains(secret)) leaks.Add($"{name} printed by the --cipd-service Upload");
            if (release.StandardOutput.Contains(secret) || release.StandardError.Contains(secret)) leaks.Add($"{name} printed by the --github-release Upload");
            leaks.AddRange(calls.Where(c => c.Contains(secret)).Select(_ => $"{name} on the cipd client's command line"));
            leaks.AddRange(files.Where(f => File.ReadAllText(f).Contains(secret)).Select(f => $"{name} written to {Path.GetRelativePath(checkout.Directory, f)}"));
        }
        var serviceError = TamperedSourceTests.FirstLineWith(service.StandardOutput, "Unauthenticated");
        var releaseError = TamperedSourceTests.FirstLineWith(release.StandardOutput, "api.github.com");
        Assert.Multiple(() =>
        {
            Assert.That(leaks, Is.Empty);
            Assert.That(calls, Is.Not.Empty, "Upload called the cipd client");
            Assert.That(childEnvironment, Does.Contain($"LUCI_CONTEXT={luciContext}"), "the client gets the environment it authenticates with");
            Assert.That(service.ExitCode, Is.Not.Zero);
            Assert.That(serviceError, Does.Contain("https://cipd.example.invalid"), "the refusal names the service");
            Assert.That(release.ExitCode, Is.Not.Zero, "no GitHub is reachable here");
            Assert.That(release.StandardOutput, Does.Contain("registered infra/python/wheels/fastsum/"), "the local store part of that Upload ran");
        });
        ReliabilityLedger.Record("Secrets in Upload",
            $"{string.Join(", ", secrets.Keys)}; Upload --upload --cipd-service (stand-in cipd client: the service refuses the credential), "
            + "then Upload --upload --github-release (GitHub unreachable), both verbose",
            $"both fail clearly (\"{Shorten(serviceError)}\"; \"{Shorten(releaseError)}\"); the client got LUCI_CONTEXT; no secret in either run's output, "
            + $"on any of {calls.Length} cipd command line(s), or in any of {files.Count} files under the state dir and .nuke/");
    }

    // Verbose runs print the exception's type first; the table shows the message.
    private static string Shorten(string line)
    {
        var text = System.Text.RegularExpressions.Regex.Replace(line.Trim(), @"^[\w.]+Exception: ", "");
        return text.Length <= 160 ? text : text[..157] + "…";
    }

    /// <summary>A cipd client whose service refuses the credential: the real client's JSON error shape and exit code 1.</summary>
    private static void WriteRefusingClient(string directory)
    {
        var script = Path.Combine(directory, "cipd");
        File.WriteAllText(script, $$"""
            #!/bin/bash
            printf '%s\n' "$*" >> "{{directory}}/calls.txt"
            env >> "{{directory}}/env.txt"
            out=""
            prev=""
            for a in "$@"; do
              if [ "$prev" = "-json-output" ]; then out="$a"; fi
              prev="$a"
            done
            message="rpc error: code = Unauthenticated desc = the service refused the credential of the caller"
            if [ -n "$out" ]; then printf '{"error": "%s", "error_code": "auth_error"}' "$message" > "$out"; fi
            echo "Error: $message" >&2
            exit 1

            """.Replace("\r", ""));
        File.SetUnixFileMode(script, (UnixFileMode)0b111_101_101);
    }
}
