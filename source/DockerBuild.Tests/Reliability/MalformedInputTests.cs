using System.Text.RegularExpressions;
using DockerBuild.Tests.Reliability.Support;
using NUnit.Framework;

namespace DockerBuild.Tests.Reliability;

/// <summary>
/// Broken YAML, unknown keys, wrong types, unknown --platform/--wheel names and a missing patch file, each given to a
/// plain <c>./build.sh</c> run (default target): a clear error naming file:line or the value and the fix, a non-zero
/// exit, the engine never contacted (DOCKER_HOST is a tripwire socket) and nothing written to the state directory
/// beyond logs.
/// </summary>
[TestFixture, Category("Reliability")]
public sealed class MalformedInputTests
{
    private const string ValidWheels = """
        wheels:
          - name: fastsum
            version: 1.0.0
            kind: Local
            source:
              kind: local
              path: local/fastsum

        """;

    private static async Task<string> RefusedBeforeStartingAsync(ScratchCheckout checkout, string[] arguments, string caseName, string inputs,
        params string[] patterns)
    {
        using var tripwire = new UnixSocketTripwire();
        var dashes = Array.IndexOf(arguments, "--");
        var result = await BuildCommand.RunAsync(checkout, dashes < 0 ? arguments : arguments[..dashes],
            new Dictionary<string, string?> { ["DOCKER_HOST"] = tripwire.DockerHost }, dashes < 0 ? null : arguments[(dashes + 1)..]);
        var output = result.StandardOutput + result.StandardError;
        var written = checkout.WrittenFiles()
            .Where(f => !f.StartsWith(Path.Combine("state", "logs") + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            .Where(f => !f.StartsWith(Path.Combine("root", ".nuke") + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            .ToList();
        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.Not.Zero, output);
            foreach (var pattern in patterns) Assert.That(output, Does.Match(pattern), $"the error names {pattern}");
            Assert.That(tripwire.Connections, Is.Zero, "the Docker engine was contacted");
            Assert.That(written, Is.Empty, "files written to the state directory");
            Assert.That(output, Does.Not.Contain("Unhandled exception").And.Not.Contain("   at "), "a stack trace instead of a message");
        });
        var line = output.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => patterns.Any(p => Regex.IsMatch(l, p))) ?? "";
        ReliabilityLedger.Record($"Malformed input: {caseName}", inputs, $"exit {result.ExitCode}, engine untouched, state dir empty: \"{Shorten(line)}\"");
        return output;
    }

    private static string Shorten(string line) => line.Length <= 180 ? line : line[..177] + "…";

    [Test]
    public async Task BrokenYamlInAPlatformFile()
    {
        using var checkout = new ScratchCheckout();
        var file = Path.Combine(checkout.Platforms, "linux-x64-py3.11.yaml");
        var lines = File.ReadAllLines(file).Length;
        File.AppendAllText(file, "extra: {unclosed: [1, 2\n");
        await RefusedBeforeStartingAsync(checkout, [], "broken YAML", "platforms/linux-x64-py3.11.yaml: `extra: {unclosed: [1, 2` appended",
            $@"linux-x64-py3\.11\.yaml:({lines + 1}|{lines + 2}):\d+");
    }

    [Test]
    public async Task UnknownKeyInAWheelSpec()
    {
        using var checkout = new ScratchCheckout();
        checkout.ReplaceWheels(ValidWheels + "    colour: blue\n");
        await RefusedBeforeStartingAsync(checkout, [], "unknown key", "wheels/reliability.yaml: `colour: blue` in a wheel",
            @"reliability\.yaml:8:\d+", "colour");
    }

    [Test]
    public async Task WrongTypeInAWheelSpec()
    {
        using var checkout = new ScratchCheckout();
        checkout.ReplaceWheels(ValidWheels.Replace("version: 1.0.0", "version: [1, 0]"));
        await RefusedBeforeStartingAsync(checkout, [], "wrong type", "wheels/reliability.yaml: `version: [1, 0]` (a list)",
            @"reliability\.yaml:3:\d+", "version");
    }

    [Test]
    public async Task UnknownPlatform()
    {
        using var checkout = new ScratchCheckout();
        await RefusedBeforeStartingAsync(checkout, ["--platform", "bogus"], "unknown platform", "--platform bogus", "bogus", "linux-");
    }

    [Test]
    public async Task UnknownWheel()
    {
        using var checkout = new ScratchCheckout();
        await RefusedBeforeStartingAsync(checkout, ["--wheel", "nope"], "unknown wheel", "--wheel nope", "nope", "fastsum");
    }

    [Test]
    public async Task PatchFileThatDoesNotExist()
    {
        using var checkout = new ScratchCheckout();
        checkout.ReplaceWheels(ValidWheels + "    patches: [missing-fix.patch]\n");
        await RefusedBeforeStartingAsync(checkout, [], "missing patch file", "wheels/reliability.yaml: `patches: [missing-fix.patch]` (no such file in wheels/patches/)",
            @"reliability\.yaml:8:\d+", "missing-fix.patch");
    }

    [Test]
    public async Task SourcePinThatIsNotASha256()
    {
        using var checkout = new ScratchCheckout();
        checkout.ReplaceWheels(WheelYaml.Wheels(WheelYaml.UrlSource("pinned", "1.0.0", new Uri("http://127.0.0.1:9/pinned-1.0.0.tar.gz"), "abc123")));
        await RefusedBeforeStartingAsync(checkout, ["Sources", "--platform", "universal"], "bad sha256 pin", "wheels/reliability.yaml: `sha256: abc123`",
            @"reliability\.yaml:\d+:\d+", "abc123", "64");
    }

    // The only user input that reaches a CIPD tag is a wheel's version (version:<v>); refs are derived from parsed
    // version numbers. A published wheel has no source, so no Sources rule sees its version before Upload would.
    [Test]
    public async Task AVersionCipdCannotTagGivenToUpload()
    {
        using var checkout = new ScratchCheckout();
        checkout.EditWheels("published.yaml", "  - name: six\n    version: 1.16.0\n", "  - name: six\n    version: 1!1.16.0\n");
        await RefusedBeforeStartingAsync(checkout, ["Upload", "--upload", "--platform", "universal", "--wheel", "six"], "a version CIPD cannot tag (Upload)",
            "wheels/published.yaml: six `version: 1!1.16.0` (a PEP 440 epoch); Upload --upload",
            @"published\.yaml:\d+:\d+", Regex.Escape("version '1!1.16.0' cannot be a CIPD version tag"), Regex.Escape("should match"));
    }

    [Test]
    public async Task ANonNumberForJobs()
    {
        using var checkout = new ScratchCheckout();
        await RefusedBeforeStartingAsync(checkout, ["--jobs", "many"], "wrong type on the command line", "--jobs many", "'many'", "--jobs", "whole number");
    }

    [Test]
    public async Task AStateDirectoryThatIsAFile()
    {
        using var checkout = new ScratchCheckout();
        var file = Path.Combine(checkout.Directory, "not-a-directory");
        File.WriteAllText(file, "a file where the state directory should be\n");
        await RefusedBeforeStartingAsync(checkout, ["Sources", "--state-dir", file], "state directory is a file", $"--state-dir naming an existing file",
            Regex.Escape(file), "--state-dir", "directory");
        Assert.That(File.ReadAllText(file), Is.EqualTo("a file where the state directory should be\n"), "the file was changed");
    }

    // Run's own arguments are checked before Prerequisites, Mirror, Sources and GenerateImage (which may build an
    // image for minutes): the Run target's Requires checks the request (RunStep.RequestIsValid) before any target starts.
    [TestCase(new[] { "Run", "--platform", "linux-x64-py3.11" }, "Run needs a command after '--'", TestName = "RunWithoutACommand")]
    [TestCase(new[] { "Run", "--platform", "linux-x64", "--", "true" }, "Run needs exactly one --platform", TestName = "RunOnSeveralPlatforms")]
    public async Task RunArgumentsAreCheckedBeforeAnyTargetStarts(string[] arguments, string expected)
    {
        using var checkout = new ScratchCheckout();
        await RefusedBeforeStartingAsync(checkout, arguments, $"Run request ({expected})",
            string.Join(' ', arguments), Regex.Escape(expected));
    }
}
