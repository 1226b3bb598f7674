using NUnit.Framework;
using DockerBuild.Tools.Cipd;
using DockerBuild.Tools.Cipd.Cli;

namespace DockerBuild.Tests.Cipd;

/// <summary>
/// The <c>cipd</c> wrapper against a stand-in executable written by the test: it records its argument list and
/// writes the JSON shapes the real client writes to <c>-json-output</c>.
/// </summary>
[TestFixture, Category("Cipd")]
public sealed class CipdCliTests
{
    private const string Iid = "qUiQTy8PR5uPgZdpSzAYSw0u0cHNKh7A-4XSmaGSpEcC";
    private const string OtherIid = "B7r75joOfFfFcq7fHCKAIrU34oeFAT174Bf8eHMajMUC";
    private TemporaryDirectory _dir = null!;
    private CipdCli _cli = null!;

    [SetUp]
    public void SetUp()
    {
        _dir = new TemporaryDirectory();
        var script = _dir.Write("cipd", $$$"""
            #!/bin/bash
            # Stand-in for the cipd client: records arguments, answers in the client's JSON shapes.
            printf '%s\n' "$@" > "{{{_dir["args"]}}}"
            out=""
            prev=""
            for a in "$@"; do
              if [ "$prev" = "-json-output" ]; then out="$a"; fi
              prev="$a"
            done
            pkg="${@: -1}"
            pin='{"package": "'"$pkg"'", "instance_id": "{{{Iid}}}"}'
            case "$1" in
              create|pkg-register|pkg-fetch|pkg-deploy|pkg-build)
                printf '{\n  "result": {"package": "infra/demo", "instance_id": "{{{Iid}}}"}\n}' > "$out" ;;
              resolve|set-ref|set-tag)
                if [ "$pkg" = "infra/missing" ]; then
                  printf '{"error": "no such package: infra/missing", "error_code": "invalid_version_error", "result": {"": [{"package": "infra/missing", "error": "no such package", "error_code": "invalid_version_error"}]}}' > "$out"
                  exit 1
                fi
                printf '{"result": {"": [{"package": "%s", "pin": %s}]}}' "$pkg" "$pin" > "$out" ;;
              search)
                printf '{"result": [%s, {"package": "%s", "instance_id": "{{{OtherIid}}}"}]}' "$pin" "$pkg" > "$out" ;;
              describe)
                printf '{"result": {"pin": %s, "registered_by": "user:someone@example.com", "registered_ts": 1700000000, "refs": [{"ref": "latest", "instance_id": "{{{Iid}}}", "modified_by": "user:x", "modified_ts": 1700000100}], "tags": [{"tag": "version:1.0", "registered_by": "user:x", "registered_ts": 1700000050}]}}' "$pin" > "$out" ;;
              ls)
                printf '{"result": ["infra/a/", "infra/a/b", "infra/c"]}' > "$out" ;;
              instances)
                printf '{"result": {"instances": [{"pin": {"package": "%s", "instance_id": "{{{OtherIid}}}"}, "registered_by": "user:x", "registered_ts": 2}, {"pin": %s, "registered_by": "user:x", "registered_ts": 1}]}}' "$pkg" "$pin" > "$out" ;;
              ensure)
                printf '{"result": {"": [{"package": "infra/a", "pin": {"package": "infra/a", "instance_id": "{{{Iid}}}"}}], "sub": [{"package": "infra/b", "pin": {"package": "infra/b", "instance_id": "{{{OtherIid}}}"}}]}}' > "$out" ;;
              *)
                printf '{"error": "unknown command %s", "error_code": "bad_argument_error"}' "$1" > "$out"; echo "Error: unknown command" >&2; exit 1 ;;
            esac
            """.Replace("\r", ""), executable: true);
        _cli = new CipdCli(new CipdCliOptions { Executable = script, ServiceUrl = "https://cipd.example.invalid" });
    }

    [TearDown]
    public void TearDown() => _dir.Dispose();

    private string[] RecordedArguments()
    {
        var args = File.ReadAllLines(_dir["args"]);
        var json = Array.IndexOf(args, "-json-output");
        Assert.That(json, Is.GreaterThan(0), "every call passes -json-output");
        return args.Take(json).Concat(args.Skip(json + 2)).ToArray();
    }

    [Test]
    public async Task CreatePassesTypedOptionsAndReadsThePin()
    {
        var pin = await _cli.CreateAsync(new CipdCreateSettings(new CipdPackageSource { InputDirectory = "/work/src", PackageName = "infra/demo", CompressionLevel = 5 })
        {
            Tags = ["version:1.0"],
            Refs = ["latest"],
        });
        Assert.That(pin, Is.EqualTo(new CipdPin("infra/demo", Iid)));
        Assert.That(RecordedArguments(), Is.EqualTo(new[]
        {
            "create", "-in", "/work/src", "-name", "infra/demo", "-compression-level", "5", "-tag", "version:1.0", "-ref", "latest",
            "-service-url", "https://cipd.example.invalid",
        }));
    }

    [Test]
    public async Task LocalOnlyCommandsDoNotTakeTheServiceUrl()
    {
        await _cli.PkgBuildAsync(new CipdPkgBuildSettings(new CipdPackageSource { PackageDefinitionFile = "pkg.yaml", Variables = new Dictionary<string, string> { ["v"] = "1" } }, "out.cipd"));
        Assert.That(RecordedArguments(), Is.EqualTo(new[] { "pkg-build", "-pkg-def", "pkg.yaml", "-pkg-var", "v:1", "-out", "out.cipd" }));
        await _cli.PkgDeployAsync(new CipdPkgDeploySettings("p.cipd", "/root"));
        Assert.That(RecordedArguments(), Is.EqualTo(new[] { "pkg-deploy", "-root", "/root", "p.cipd" }));
    }

    [Test]
    public async Task ServiceCommandsPutFlagsBeforeThePackage()
    {
        await _cli.PkgRegisterAsync(new CipdPkgRegisterSettings("p.cipd") { Tags = ["version:2"] });
        Assert.That(RecordedArguments(), Is.EqualTo(new[] { "pkg-register", "-tag", "version:2", "-service-url", "https://cipd.example.invalid", "p.cipd" }));
        await _cli.PkgFetchAsync(new CipdPkgFetchSettings("infra/demo", "latest", "o.cipd"));
        Assert.That(RecordedArguments(), Is.EqualTo(new[] { "pkg-fetch", "-version", "latest", "-out", "o.cipd", "-service-url", "https://cipd.example.invalid", "infra/demo" }));
        var pins = await _cli.SetRefAsync(new CipdSetRefSettings("infra/demo", Iid, ["latest", "stable"]));
        Assert.That(pins, Is.EqualTo(new[] { new CipdPin("infra/demo", Iid) }));
        Assert.That(RecordedArguments(), Is.EqualTo(new[] { "set-ref", "-ref", "latest", "-ref", "stable", "-version", Iid, "-service-url", "https://cipd.example.invalid", "infra/demo" }));
        await _cli.SetTagAsync(new CipdSetTagSettings("infra/demo", "latest", ["version:3"]));
        Assert.That(RecordedArguments(), Is.EqualTo(new[] { "set-tag", "-tag", "version:3", "-version", "latest", "-service-url", "https://cipd.example.invalid", "infra/demo" }));
        await _cli.EnsureAsync(new CipdEnsureSettings("ensure.txt", "/root"));
        Assert.That(RecordedArguments(), Is.EqualTo(new[] { "ensure", "-ensure-file", "ensure.txt", "-root", "/root", "-service-url", "https://cipd.example.invalid" }));
    }

    [Test]
    public async Task ResultsAreParsedFromTheDocumentedShapes()
    {
        Assert.That(await _cli.ResolveAsync(new CipdResolveSettings("infra/demo", "latest")), Is.EqualTo(new CipdPin("infra/demo", Iid)));
        Assert.That(await _cli.SearchAsync(new CipdSearchSettings("infra/demo", ["version:1"])),
            Is.EqualTo(new[] { new CipdPin("infra/demo", Iid), new CipdPin("infra/demo", OtherIid) }));

        var description = await _cli.DescribeAsync(new CipdDescribeSettings("infra/demo", "latest"));
        Assert.That(description.Pin, Is.EqualTo(new CipdPin("infra/demo", Iid)));
        Assert.That(description.RegisteredAt, Is.EqualTo(DateTimeOffset.FromUnixTimeSeconds(1700000000)));
        Assert.That(description.Refs.Select(r => r.Name), Is.EqualTo(new[] { "latest" }));
        Assert.That(description.Tags.Select(t => t.Name), Is.EqualTo(new[] { "version:1.0" }));

        Assert.That(await _cli.ListPackagesAsync(new CipdListPackagesSettings("infra")), Is.EqualTo(new[] { "infra/a/b", "infra/c" }));
        Assert.That(await _cli.ListInstancesAsync(new CipdInstancesSettings("infra/demo")),
            Is.EqualTo(new[] { new CipdPin("infra/demo", Iid), new CipdPin("infra/demo", OtherIid) }), "oldest first");
        var ensured = await _cli.EnsureAsync(new CipdEnsureSettings("ensure.txt", "/root"));
        Assert.That(ensured["sub"], Is.EqualTo(new[] { new CipdPin("infra/b", OtherIid) }));
    }

    [Test]
    public async Task RepositoryOverTheCliMapsUnknownVersionsToNullAndSurfacesErrors()
    {
        var repository = new CipdCliRepository(_cli);
        Assert.That(await repository.ResolveAsync("infra/missing", "latest"), Is.Null);
        Assert.That(await repository.ResolveAsync("infra/demo", "version:1"), Is.EqualTo(new CipdPin("infra/demo", Iid)));
        var description = await repository.DescribeAsync(new CipdPin("infra/demo", Iid));
        Assert.That(description.Tags, Is.EqualTo(new[] { "version:1.0" }));
        Assert.That(description.Refs, Is.EqualTo(new[] { "latest" }));

        var failure = (await Assert.ThrowsAsync<CipdCliException>(() => _cli.RunAsync(new UnknownCommand())))!;
        Assert.That(failure.Message, Does.Contain("unknown command frobnicate"));
        Assert.That(failure.ErrorCode, Is.EqualTo("bad_argument_error"));
    }

    [Test]
    public async Task InvalidArgumentsAreRefusedBeforeRunning()
    {
        var error = (await Assert.ThrowsAsync<CipdValidationException>(() => _cli.SetTagAsync(new CipdSetTagSettings("infra/demo", "latest", ["nocolon"]))))!;
        Assert.That(error.Message, Does.Contain("\"nocolon\""));
        Assert.That(File.Exists(_dir["args"]), Is.False, "the client was not run");
    }

    [Test]
    public async Task MissingClientIsAClearError()
    {
        var cli = new CipdCli(new CipdCliOptions { Executable = _dir["no-such-cipd"] });
        var error = (await Assert.ThrowsAsync<CipdCliException>(() => cli.ResolveAsync(new CipdResolveSettings("infra/demo", "latest"))))!;
        Assert.That(error.Message, Does.Contain("no-such-cipd").And.Contain("not found"));
    }

    private sealed record UnknownCommand : CipdCliSettings
    {
        public override string Command => "frobnicate";
        protected override void AddFlags(List<string> flags) { }
    }
}
