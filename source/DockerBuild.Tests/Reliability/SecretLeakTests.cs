using DockerBuild.Tests.Reliability.Support;
using NUnit.Framework;

namespace DockerBuild.Tests.Reliability;

/// <summary>
/// Secrets given as parameters (<c>--registry-password</c>, <c>--github-token</c>) or through the environment
/// (<c>REGISTRY_PASSWORD</c>, <c>GITHUB_TOKEN</c>) across succeeding, failing, help and plan runs: none appears in
/// console output or in any file under the state directory or .nuke/ (schema, parameters, temp/*).
/// </summary>
[TestFixture, Category("Reliability")]
public sealed class SecretLeakTests
{
    [Test]
    public async Task SecretsNeverReachOutputLogsOrNukeFiles()
    {
        await using var server = await LoopbackSourceServer.StartAsync();
        using var checkout = new ScratchCheckout();
        var content = SourceArchives.Wellformed("quiet", "1.0.0");
        var url = server.Serve($"/{Guid.NewGuid():N}/quiet-1.0.0.tar.gz", content);
        checkout.ReplaceWheels(WheelYaml.Wheels(WheelYaml.UrlSource("quiet", "1.0.0", url, SourceArchives.Sha256(content))));

        var suffix = Guid.NewGuid().ToString("N")[..12];
        var secrets = new Dictionary<string, string>
        {
            ["--registry-password"] = $"s3cr3t-cli-registry-{suffix}",
            ["--github-token"] = $"ghp_s3cr3tCliToken{suffix}",
            ["REGISTRY_PASSWORD"] = $"s3cr3t-env-registry-{suffix}",
            ["GITHUB_TOKEN"] = $"ghp_s3cr3tEnvToken{suffix}",
        };
        var fromCommandLine = new[] { "--registry-password", secrets["--registry-password"], "--github-token", secrets["--github-token"] };
        var fromEnvironment = new Dictionary<string, string?>
        {
            ["REGISTRY_PASSWORD"] = secrets["REGISTRY_PASSWORD"],
            ["GITHUB_TOKEN"] = secrets["GITHUB_TOKEN"],
            ["CI"] = "1", // --plan writes the page without opening a browser
        };
        var runs = new (string Label, string[] Arguments, Dictionary<string, string?>? Environment)[]
        {
            ("Sources, secrets on the command line, verbose", [.. TamperedSourceTests.SourcesRun, "--verbosity", "verbose", .. fromCommandLine], null),
            ("Sources, secrets in the environment, verbose", [.. TamperedSourceTests.SourcesRun, "--verbosity", "verbose"], fromEnvironment),
            ("failing run (--wheel nope), both", ["--wheel", "nope", .. fromCommandLine], fromEnvironment),
            ("failing target (tampered pin), both", ["Sources", "--platform", "universal", "--upload-sources", "--wheel", "quiet==1.0.0", .. fromCommandLine], fromEnvironment),
            ("--help, both", ["--help", .. fromCommandLine], fromEnvironment),
            ("--plan, both", ["--plan", .. fromCommandLine], fromEnvironment),
            ("--continue after a failure, both", ["Sources", "--platform", "universal", "--continue", .. fromCommandLine], fromEnvironment),
        };

        var console = new List<(string Label, string Output)>();
        foreach (var (label, arguments, environment) in runs)
        {
            if (label.StartsWith("failing target")) server.Serve(url.AbsolutePath, [.. content, 0]);
            if (label.StartsWith("--continue")) server.Serve(url.AbsolutePath, content);
            var result = await BuildCommand.RunAsync(checkout, arguments, environment);
            console.Add((label, result.StandardOutput + result.StandardError));
        }

        var files = checkout.WrittenFiles().Select(f => Path.Combine(checkout.Directory, f)).ToList();
        var leaks = new List<string>();
        foreach (var (name, secret) in secrets)
        {
            leaks.AddRange(console.Where(c => c.Output.Contains(secret)).Select(c => $"{name} printed by run '{c.Label}'"));
            leaks.AddRange(files.Where(f => File.ReadAllText(f).Contains(secret)).Select(f => $"{name} written to {Path.GetRelativePath(checkout.Directory, f)}"));
        }
        Assert.Multiple(() =>
        {
            Assert.That(leaks, Is.Empty);
            Assert.That(files.Any(f => f.EndsWith("build.schema.json")), "the schema was generated (and searched)");
            Assert.That(files.Any(f => f.Contains(Path.Combine(".nuke", "temp"))), ".nuke/temp was written (and searched)");
            Assert.That(console[0].Output, Does.Contain("quiet 1.0.0: interned as"), "the first run did its work");
        });
        ReliabilityLedger.Record("Secrets never shown",
            $"--registry-password, --github-token, REGISTRY_PASSWORD, GITHUB_TOKEN over {runs.Length} runs ({string.Join("; ", runs.Select(r => r.Label))})",
            $"no secret in console output or in any of {files.Count} files under the state dir and .nuke/");
    }

    [Test]
    public async Task ALockHoldersSecretsAreNotShownToAWaitingRun()
    {
        await using var server = await LoopbackSourceServer.StartAsync();
        using var checkout = new ScratchCheckout();
        var content = SourceArchives.Wellformed("held", "1.0.0", padding: 1 << 20);
        var halfSent = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var url = server.ServeStalling($"/{Guid.NewGuid():N}/held-1.0.0.tar.gz", content, halfSent);
        checkout.ReplaceWheels(WheelYaml.Wheels(WheelYaml.UrlSource("held", "1.0.0", url, SourceArchives.Sha256(content))));
        var secret = $"s3cr3t-holder-{Guid.NewGuid():N}"[..26];

        using var holder = await BuildCommand.StartAsync(checkout, [.. TamperedSourceTests.SourcesRun, "--registry-password", secret, "--github-token", secret + "-gh"]);
        await halfSent.Task.WaitAsync(TimeSpan.FromMinutes(1));
        using var waiter = await BuildCommand.StartAsync(checkout, TamperedSourceTests.SourcesRun);
        var waiting = await waiter.WaitForLineAsync(l => l.Contains("Waiting for another DockerBuild run"), TimeSpan.FromMinutes(1));
        var stateFiles = Directory.EnumerateFiles(checkout.StateDirectory, "*", SearchOption.AllDirectories)
            .Where(f => ReadUnlessLocked(f).Contains(secret))
            .Select(f => Path.GetRelativePath(checkout.StateDirectory, f))
            .ToList();
        await holder.KillHardAsync();
        await waiter.KillHardAsync();

        Assert.Multiple(() =>
        {
            Assert.That(waiting, Does.Contain($"run {holder.ProcessId}"), "the holder is still named");
            Assert.That(waiter.Output, Does.Not.Contain(secret), "the waiting run printed the holder's secret");
            Assert.That(stateFiles, Is.Empty, "state files holding the secret while the run holds the lock");
        });
        ReliabilityLedger.Record("Secrets of a lock holder",
            "run A holds the state lock with --registry-password/--github-token on its command line; run B waits for it",
            $"B printed \"{waiting.Trim()}\": no secret in it, none in the lock's owner file");
    }

    /// <summary>
    /// The file's text, even while its writer holds it exclusively (a download in progress): .NET's exclusive open is an
    /// advisory flock that its own readers honour, so a held file is read with cat, which takes no lock. A file that
    /// cannot be read at all fails the test rather than passing as empty.
    /// </summary>
    private static string ReadUnlessLocked(string file)
    {
        try { return File.ReadAllText(file); }
        catch (IOException)
        {
            using var cat = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("cat", [file]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
            var text = cat.StandardOutput.ReadToEnd();
            var error = cat.StandardError.ReadToEnd();
            cat.WaitForExit();
            // A file renamed away between listing and reading holds nothing of this run any more.
            if (cat.ExitCode != 0 && File.Exists(file))
                Assert.Fail($"could not read {file} while its writer holds it: {error.Trim()}");
            return text;
        }
    }
}
