using DockerBuild.Platforms;
using DockerBuild.Sources;
using DockerBuild.Specs;
using DockerBuild.Tests.Data;
using DockerBuild.Tools.Cipd.Local;
using DockerBuild.Tools.Cipd;
using DockerBuild.Wheels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using NUnit.Framework;

namespace DockerBuild.Tests.Sources;

/// <summary>
/// --pin-sources: a url source declared without its sha256 is downloaded once, its sha256 written into the spec
/// (only that line changes), and the spec then loads as a pinned one; without the flag the missing pin is an error that
/// says how to have it written.
/// </summary>
[TestFixture]
[Category("Sources")]
public sealed class SourcePinningTests
{
    private static readonly byte[] Archive = TestArchives.TarGz(("demo-2.0.1/setup.py", "setup()\n"));
    private static readonly PlatformCatalog Platforms = PlatformCatalog.Load(RepositoryRoot.Platforms);

    private static string Spec(Uri url, bool flow) => flow
        ? $"""
            wheels:
              - name: demo
                version: 2.0.1
                kind: UniversalSource
                source: {"{"}kind: url, url: "{url}"{"}"}
            """
        : $"""
            wheels:
              - name: demo
                version: 2.0.1
                kind: UniversalSource
                source:
                  kind: url
                  url: {url}
                test: |
                  import demo
            """;

    [TestCase(false)]
    [TestCase(true)]
    public async Task AnUnpinnedDownloadGetsItsSha256WrittenIntoTheSpecAndThenLoadsPinned(bool flow)
    {
        await using var server = await LoopbackHttpServer.StartAsync(app => app.MapGet("/demo-2.0.1.tar.gz", () => Results.Bytes(Archive, "application/gzip")));
        using var work = new TemporaryDirectory();
        var wheels = Directory.CreateDirectory(work.Combine("wheels")).FullName;
        var file = Path.Combine(wheels, "demo.yaml");
        var before = Spec(server.Url("demo-2.0.1.tar.gz"), flow);
        await File.WriteAllTextAsync(file, before);

        var unpinned = Assert.Throws<SpecException>(() => WheelCatalog.Load(wheels, Platforms))!;
        Assert.That(unpinned.Message, Does.Contain("field 'source.sha256': missing required field").And.Contain("--pin-sources"));

        var spec = WheelCatalog.Load(wheels, Platforms, pinSources: true).All.Single().Source!;
        var report = await SourceInterning.RunAsync([spec], TestArchives.Settings(work), new LocalCipdRepository(work.Combine("cipd")));

        var sha256 = TestArchives.Sha256(Archive);
        var after = await File.ReadAllTextAsync(file);
        var added = after.Split('\n').Except(before.Split('\n')).ToList();
        Assert.That(added, Has.Count.EqualTo(1), after);
        Assert.That(added[0], Does.Contain($"sha256: {sha256}"));
        Assert.That(after.Split('\n'), Has.Length.EqualTo(before.Split('\n').Length + (flow ? 0 : 1)), "nothing else of the file changed");
        Assert.That(WheelCatalog.Load(wheels, Platforms).All.Single().Source!.Sha256, Is.EqualTo(sha256), "the spec now loads pinned");
        Assert.That(report.Sources.Single().InstanceId, Is.Not.Empty);
    }
}
