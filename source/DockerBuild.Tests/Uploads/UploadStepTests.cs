using NUnit.Framework;
using DockerBuild.Tools.Cipd;
using DockerBuild.Uploads;
using DockerBuild.Wheels;

namespace DockerBuild.Tests.Uploads;

/// <summary>The Upload target's body on a state directory: selected pairs only, dry run, index, missing wheels.</summary>
[TestFixture, Category("Upload")]
public sealed class UploadStepTests
{
    private static IReadOnlyList<WheelPair> Pairs(params string[] platforms)
    {
        var catalog = UploadScratch.Catalog;
        var wheels = WheelCatalog.Load(Data.RepositoryRoot.Wheels, catalog).Select(["romanum", "fastsum"]);
        return WheelCatalog.Pairs(wheels, catalog.Select(platforms));
    }

    private static UploadStepSettings Settings(UploadScratch scratch, bool upload, StringWriter log) =>
        new() { StateDirectory = scratch.StateDirectory, Upload = upload, Log = log };

    [Test]
    public async Task A_dry_run_then_an_upload_of_the_selected_pairs_fill_the_store_and_the_index()
    {
        using var scratch = new UploadScratch();
        await scratch.WheelAsync("romanum", "1.0.0", "universal");
        await scratch.WheelAsync("fastsum", "1.0.0", "linux-x64-py3.11");
        await scratch.WheelAsync("fastsum", "1.0.0", "linux-arm64-py3.11"); // built, but its platform is not selected
        var store = new LocalCipdRepository(scratch.StoreDirectory) { WaitMessages = null };
        var pairs = Pairs("universal", "linux-x64-py3.11");

        var log = new StringWriter();
        var dry = await UploadStep.RunAsync(pairs, Settings(scratch, upload: false, log) with { GitHubRelease = "octo-org/wheels@v1" }, store);

        Assert.That(dry.Store.Entries.Select(e => e.Package), Is.EquivalentTo(new[]
            { "infra/python/wheels/romanum-py3", "infra/python/wheels/fastsum/linux-amd64_cp311_cp311" }));
        Assert.That(dry.Index, Is.Empty, "a dry run registers nothing, so the index of the store is empty");
        Assert.That(log.ToString(), Does.Contain("would attach 2 wheel(s) to release octo-org/wheels@v1"));

        var real = await UploadStep.RunAsync(pairs, Settings(scratch, upload: true, new StringWriter()), store);

        Assert.That(real.Store.Entries.Select(e => e.Action), Is.All.EqualTo(UploadAction.Registered));
        Assert.That(real.Index.Select(w => w.Project), Is.EquivalentTo(new[] { "fastsum", "romanum" }));
        Assert.That(File.Exists(Path.Combine(scratch.IndexDirectory, "simple", "fastsum", "index.html")), Is.True);
        Assert.That(await store.ListPackagesAsync("infra/python/wheels/fastsum/linux-arm64_cp311_cp311"), Is.Empty);
    }

    [Test]
    public async Task A_selected_pair_without_a_built_wheel_is_named()
    {
        using var scratch = new UploadScratch();
        await scratch.WheelAsync("romanum", "1.0.0", "universal");
        var store = new LocalCipdRepository(scratch.StoreDirectory) { WaitMessages = null };

        var error = await Assert.ThrowsAsync<UploadException>(() =>
            UploadStep.RunAsync(Pairs("universal", "linux-x64-py3.11"), Settings(scratch, upload: true, new StringWriter()), store));

        Assert.That(error!.Message, Does.Contain("fastsum==1.0.0 for linux-x64-py3.11").And.Contain("Run BuildWheel"));
        Assert.That(await store.ListPackagesAsync(""), Is.Empty);
    }

    [Test]
    public async Task A_malformed_release_target_fails_before_anything_is_read()
    {
        using var scratch = new UploadScratch();
        var error = await Assert.ThrowsAsync<UploadException>(() => UploadStep.RunAsync(Pairs("universal"),
            Settings(scratch, upload: true, new StringWriter()) with { GitHubRelease = "wheels" },
            new LocalCipdRepository(scratch.StoreDirectory)));
        Assert.That(error!.Message, Does.Contain("owner/repo@tag"));
    }

    [Test]
    public async Task An_unreachable_GitHub_names_the_release_and_keeps_the_store_and_the_index()
    {
        using var scratch = new UploadScratch();
        await scratch.WheelAsync("romanum", "1.0.0", "universal");
        var store = new LocalCipdRepository(scratch.StoreDirectory) { WaitMessages = null };
        var closedPort = Docker.Support.FreePort.Next(); // nothing listens there

        var error = await Assert.ThrowsAsync<UploadException>(() => UploadStep.RunAsync(Pairs("universal"),
            Settings(scratch, upload: true, new StringWriter()) with
            {
                GitHubRelease = "octo-org/wheels@v1", GitHubToken = "ghp_not_shown", GitHubApiUrl = new Uri($"http://127.0.0.1:{closedPort}/"),
            }, store));

        Assert.That(error!.Message, Does.Contain("GitHub release octo-org/wheels@v1").And.Contain($"127.0.0.1:{closedPort}")
            .And.Contain("run Upload again"));
        Assert.That(error.Message, Does.Not.Contain("ghp_not_shown"));
        Assert.That(await store.ResolveAsync("infra/python/wheels/romanum-py3", "version:1.0.0"), Is.Not.Null, "the store keeps what was registered");
        Assert.That(File.Exists(Path.Combine(scratch.IndexDirectory, "simple", "romanum", "index.html")), Is.True, "the index is written");
    }
}
