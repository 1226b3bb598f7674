using DockerBuild.Sources;
using DockerBuild.Sources.Downloads;
using DockerBuild.Sources.Interning;
using DockerBuild.Tools.Cipd;
using DockerBuild.Tools.Cipd.Local;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using NUnit.Framework;

namespace DockerBuild.Tests.Sources;

[TestFixture]
[Category("Sources")]
public sealed class SourceInterningTests
{
    private static readonly byte[] Archive = TestArchives.TarGz(("zstandard-0.21.0/setup.py", "setup()\n"));

    private static SourceSpec UrlSpec(LoopbackHttpServer server, string sha256 = "", string version = "0.21.0") => new()
    {
        Kind = SourceKind.Url, Name = "zstandard", Version = version, Url = server.Url("zstandard-0.21.0.tar.gz").ToString(),
        Sha256 = sha256.Length > 0 ? sha256 : TestArchives.Sha256(Archive), DeclaredAt = "wheels/zstandard.yaml:7",
    };

    private static SourceSpec LocalSpec(string directory) => new() { Kind = SourceKind.Local, Name = "example", Version = "1.0", Path = directory };

    private static Task<LoopbackHttpServer> ServeAsync(byte[] bytes)
        => LoopbackHttpServer.StartAsync(app => app.MapGet("/zstandard-0.21.0.tar.gz", () => Results.Bytes(bytes, "application/gzip")));

    private static string MakeTree(TemporaryDirectory work, string text)
    {
        var root = work.Combine("example");
        Directory.CreateDirectory(root);
        File.WriteAllText(Path.Combine(root, "setup.py"), text);
        return root;
    }

    [Test]
    public async Task With_UploadSources_each_source_is_registered_tagged_and_holds_the_archive_as_is()
    {
        await using var server = await ServeAsync(Archive);
        using var state = new TemporaryDirectory();
        var store = new LocalCipdRepository(state.Combine("cipd"));
        var tree = MakeTree(state, "setup()\n");

        var report = await SourceInterning.RunAsync([UrlSpec(server), LocalSpec(tree)], TestArchives.Settings(state, upload: true), store);

        Assert.That(report.Sources.Select(s => (s.Name, s.State)), Is.EqualTo(new[] { ("zstandard", SourceInternState.Interned), ("example", SourceInternState.Interned) }));
        Assert.That(report.NotInterned, Is.Empty);
        Assert.That(report.Warning, Is.Null);
        var pin = await SourcePackages.RequireAsync(store, "zstandard", "0.21.0");
        Assert.That(pin, Is.EqualTo(report.PinOf("zstandard")));
        Assert.That(pin.Package, Is.EqualTo("infra/third_party/source/zstandard"));
        Assert.That((await store.DescribeAsync(pin)).Tags, Is.EquivalentTo(new[] { "version:0.21.0", "source_sha256:" + TestArchives.Sha256(Archive) }));
        await store.DeployAsync(pin, state.Combine("deployed"));
        Assert.That(await File.ReadAllBytesAsync(state.Combine("deployed", "zstandard-0.21.0.tar.gz")), Is.EqualTo(Archive));
        Assert.That(await SourcePackages.FindAsync(store, "example", "1.0"), Is.EqualTo(report.PinOf("example")));
    }

    [Test]
    public async Task Without_UploadSources_nothing_is_registered_and_the_report_lists_what_is_not_interned()
    {
        await using var server = await ServeAsync(Archive);
        using var state = new TemporaryDirectory();
        var store = new LocalCipdRepository(state.Combine("cipd"));

        var report = await SourceInterning.RunAsync([UrlSpec(server), LocalSpec(MakeTree(state, "x"))], TestArchives.Settings(state), store);

        Assert.That(report.NotInterned.Select(s => s.Name), Is.EqualTo(new[] { "zstandard", "example" }));
        Assert.That(report.Warning, Does.Contain("--upload-sources").And.Contain("zstandard 0.21.0").And.Contain("example 1.0"));
        Assert.That(await store.ListPackagesAsync(""), Is.Empty);
        Assert.That(File.Exists(report.Sources[0].CacheFile), Is.True, "the verified download stays in the cache");
        var error = await Assert.ThrowsAsync<SourceNotInternedException>(() => SourcePackages.RequireAsync(store, "zstandard", "0.21.0"));
        Assert.That(error!.Message, Does.Contain("infra/third_party/source/zstandard").And.Contain("--upload-sources"));
    }

    [Test]
    public async Task A_source_the_store_already_has_is_reused_without_downloading_it_again()
    {
        await using var server = await ServeAsync(Archive);
        using var state = new TemporaryDirectory();
        var store = new LocalCipdRepository(state.Combine("cipd"));
        var settings = TestArchives.Settings(state, upload: true);
        var first = await SourceInterning.RunAsync([UrlSpec(server)], settings, store);
        Directory.Delete(settings.CacheDirectory, recursive: true);

        var second = await SourceInterning.RunAsync([UrlSpec(server)], settings, store);

        Assert.That(second.Sources.Single().State, Is.EqualTo(SourceInternState.AlreadyInterned));
        Assert.That(second.Sources.Single().InstanceId, Is.EqualTo(first.Sources.Single().InstanceId));
        Assert.That(server.Requests, Has.Count.EqualTo(1));
        Assert.That(await store.ListInstancesAsync("infra/third_party/source/zstandard"), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task The_same_bytes_give_the_same_instance_id_in_independent_stores()
    {
        await using var server = await ServeAsync(Archive);
        using var one = new TemporaryDirectory();
        using var two = new TemporaryDirectory();

        var a = await SourceInterning.RunAsync([UrlSpec(server)], TestArchives.Settings(one, upload: true), new LocalCipdRepository(one.Combine("cipd")));
        var b = await SourceInterning.RunAsync([UrlSpec(server)], TestArchives.Settings(two), new LocalCipdRepository(two.Combine("cipd")));

        Assert.That(b.Sources.Single().InstanceId, Is.EqualTo(a.Sources.Single().InstanceId));
    }

    [Test]
    public async Task A_tampered_download_is_refused_with_nothing_interned_and_nothing_left_in_the_cache()
    {
        var tampered = (byte[])Archive.Clone();
        tampered[^12] ^= 0x01;
        await using var server = await ServeAsync(tampered);
        using var state = new TemporaryDirectory();
        var store = new LocalCipdRepository(state.Combine("cipd"));
        var settings = TestArchives.Settings(state, upload: true);

        var error = await Assert.ThrowsAsync<SourceHashMismatchException>(() => SourceInterning.RunAsync([UrlSpec(server)], settings, store));

        Assert.That(error!.DeclaredAt, Is.EqualTo("wheels/zstandard.yaml:7"));
        Assert.That(await store.ListPackagesAsync(""), Is.Empty);
        Assert.That(state.Files("state"), Is.Empty);
    }

    [Test]
    public async Task An_interrupted_download_leaves_no_partial_file_and_no_package()
    {
        await using var server = await LoopbackHttpServer.StartAsync(app =>
            app.MapGet("/zstandard-0.21.0.tar.gz", (HttpContext context) => Misbehaviour.SendTruncatedAsync(context, Archive, Archive.Length - 7)));
        using var state = new TemporaryDirectory();
        var store = new LocalCipdRepository(state.Combine("cipd"));

        await Assert.ThrowsAsync<SourceDownloadException>(() => SourceInterning.RunAsync([UrlSpec(server)], TestArchives.Settings(state, upload: true), store));

        Assert.That(await store.ListPackagesAsync(""), Is.Empty);
        Assert.That(state.Files("state"), Is.Empty);
    }

    [Test]
    public async Task A_new_pin_under_an_interned_version_is_refused_naming_both_hashes()
    {
        await using var server = await ServeAsync(Archive);
        using var state = new TemporaryDirectory();
        var store = new LocalCipdRepository(state.Combine("cipd"));
        var settings = TestArchives.Settings(state, upload: true);
        await SourceInterning.RunAsync([UrlSpec(server)], settings, store);
        var otherPin = new string('b', 64);

        var error = await Assert.ThrowsAsync<SourceSpecException>(() => SourceInterning.RunAsync([UrlSpec(server, otherPin)], settings, store));

        Assert.That(error!.Message, Does.Contain(otherPin).And.Contain(TestArchives.Sha256(Archive)).And.Contain("new version"));
    }

    [Test]
    public async Task A_local_directory_changed_under_an_interned_version_is_refused()
    {
        using var state = new TemporaryDirectory();
        var store = new LocalCipdRepository(state.Combine("cipd"));
        var settings = TestArchives.Settings(state, upload: true);
        var tree = MakeTree(state, "v1\n");
        var first = await SourceInterning.RunAsync([LocalSpec(tree)], settings, store);
        var unchanged = await SourceInterning.RunAsync([LocalSpec(tree)], settings, store);
        File.WriteAllText(Path.Combine(tree, "setup.py"), "v2\n");

        var error = await Assert.ThrowsAsync<SourceSpecException>(() => SourceInterning.RunAsync([LocalSpec(tree)], settings, store));

        Assert.That(unchanged.Sources.Single().State, Is.EqualTo(SourceInternState.AlreadyInterned));
        Assert.That(error!.Message, Does.Contain(first.Sources.Single().InstanceId).And.Contain("new version"));
    }

    [Test]
    public async Task Declarations_are_all_checked_before_anything_is_fetched()
    {
        await using var server = await ServeAsync(Archive);
        using var state = new TemporaryDirectory();
        var broken = new SourceSpec { Kind = SourceKind.Git, Name = "zstd", Version = "1", Url = "/nowhere", Commit = "main", DeclaredAt = "wheels/x.yaml:20" };

        var error = await Assert.ThrowsAsync<SourceSpecException>(() =>
            SourceInterning.RunAsync([UrlSpec(server), broken], TestArchives.Settings(state, upload: true), new LocalCipdRepository(state.Combine("cipd"))));

        Assert.That(error!.Message, Does.StartWith("wheels/x.yaml:20").And.Contain("'commit'"));
        Assert.That(server.Requests, Is.Empty);
    }
}
