using DockerBuild.Builds;
using DockerBuild.Builds.Outputs;
using DockerBuild.Packaging;
using DockerBuild.Tools.Cipd;
using DockerBuild.Uploads;
using NUnit.Framework;

namespace DockerBuild.Tests.Uploads;

/// <summary>Registering built wheels in a real local CIPD store: dry run, tags, idempotence, conflicts, refs.</summary>
[TestFixture, Category("Upload")]
public sealed class WheelUploadTests
{
    private static readonly string[] Platforms = ["linux-arm64-py3.11", "linux-x64-py3.11", "universal"];

    private static async Task<(UploadReport Report, string Log)> UploadAsync(UploadScratch scratch, IReadOnlyList<BuiltWheel> wheels,
        bool upload = true, ICipdRepository? store = null)
    {
        var log = new StringWriter();
        var report = await WheelUpload.RunAsync(wheels, Platforms.Select(UploadScratch.Platform).ToList(),
            new UploadSettings { Upload = upload, TemporaryDirectory = scratch.TemporaryDirectory, Log = log },
            store ?? new LocalCipdRepository(scratch.StoreDirectory) { WaitMessages = null });
        return (report, log.ToString());
    }

    [Test]
    public async Task A_dry_run_prints_package_version_file_and_tags_and_registers_nothing()
    {
        using var scratch = new UploadScratch();
        var binary = await scratch.WheelAsync("fastsum", "1.0.0", "linux-arm64-py3.11", buildKey: new string('1', 64));
        var universal = await scratch.WheelAsync("romanum", "1.0.0", "universal");

        var (report, log) = await UploadAsync(scratch, [binary, universal], upload: false);

        Assert.That(log, Does.Contain("would register infra/python/wheels/fastsum/linux-arm64_cp311_cp311 instance ")
            .And.Contain($"from {binary.WheelFile} with tags version:1.0.0, build_key:{new string('1', 64)}"));
        Assert.That(log, Does.Contain("would register infra/python/wheels/romanum-py3 instance ").And.Contain(universal.WheelFile));
        Assert.That(log, Does.Contain("would move ref infra/python/wheels/romanum-py3@latest to version 1.0.0"));
        Assert.That(report.Entries.Select(e => e.Action), Is.All.EqualTo(UploadAction.WouldRegister));
        var store = new LocalCipdRepository(scratch.StoreDirectory);
        Assert.That(await store.ListPackagesAsync(""), Is.Empty, "a dry run must leave the store untouched");
        Assert.That(Directory.Exists(scratch.TemporaryDirectory) ? Directory.EnumerateFileSystemEntries(scratch.TemporaryDirectory) : [], Is.Empty);
    }

    [Test]
    public async Task An_upload_registers_the_wheel_file_itself_with_version_and_build_key_tags()
    {
        using var scratch = new UploadScratch();
        var wheel = await scratch.WheelAsync("fastsum", "1.0.0", "linux-x64-py3.11", buildKey: new string('c', 64));

        var (report, _) = await UploadAsync(scratch, [wheel]);

        var store = new LocalCipdRepository(scratch.StoreDirectory);
        var pin = await store.ResolveAsync("infra/python/wheels/fastsum/linux-amd64_cp311_cp311", "version:1.0.0");
        Assert.That(pin, Is.Not.Null);
        Assert.That(pin!.InstanceId, Is.EqualTo(report.Entries.Single().InstanceId));
        var description = await store.DescribeAsync(pin);
        Assert.That(description.Tags, Is.SupersetOf(new[] { "version:1.0.0", $"build_key:{new string('c', 64)}" }));
        Assert.That(description.Refs, Does.Contain("latest").And.Contain("1.x").And.Contain("1.0.x"));

        var deployed = scratch["deployed"];
        await store.DeployAsync(pin, deployed);
        Assert.That(File.ReadAllBytes(Path.Combine(deployed, wheel.FileName)), Is.EqualTo(File.ReadAllBytes(wheel.WheelFile)));
    }

    [Test]
    public async Task Uploading_the_same_wheel_again_is_skipped_as_identical()
    {
        using var scratch = new UploadScratch();
        var wheel = await scratch.WheelAsync("romanum", "1.0.0", "universal");
        var (first, _) = await UploadAsync(scratch, [wheel]);

        var (second, log) = await UploadAsync(scratch, [wheel]);

        Assert.That(second.Entries.Single().Action, Is.EqualTo(UploadAction.AlreadyPresent));
        Assert.That(second.Entries.Single().InstanceId, Is.EqualTo(first.Entries.Single().InstanceId));
        Assert.That(log, Does.Contain("already registered (identical), skipped: infra/python/wheels/romanum-py3 version:1.0.0"));
        Assert.That(second.Refs, Is.Empty, "refs already point at the right instance");
        var store = new LocalCipdRepository(scratch.StoreDirectory);
        Assert.That(await store.ListInstancesAsync("infra/python/wheels/romanum-py3"), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Different_bytes_under_a_released_version_fail_naming_both_instances_and_register_nothing()
    {
        using var scratch = new UploadScratch();
        var original = await scratch.WheelAsync("romanum", "1.0.0", "universal", payload: "original");
        var (first, _) = await UploadAsync(scratch, [original]);
        var originalId = first.Entries.Single().InstanceId;

        using var other = new UploadScratch();
        var changed = await other.WheelAsync("romanum", "1.0.0", "universal", payload: "changed");
        var unrelated = await other.WheelAsync("fastsum", "2.0.0", "linux-x64-py3.11");
        var store = new LocalCipdRepository(scratch.StoreDirectory) { WaitMessages = null };
        var error = await Assert.ThrowsAsync<UploadException>(() => UploadAsync(other, [unrelated, changed], store: store));

        await Assert.ThrowsAsync<UploadException>(() => UploadAsync(other, [changed], upload: false, store: store), "a dry run predicts the conflict too");
        var changedId = (await CipdPackageBuilder.BuildAsync(new CipdBuildOptions
        {
            PackageName = "infra/python/wheels/romanum-py3",
            Files = [new() { Name = changed.FileName, SourcePath = changed.WheelFile }],
            InstallMode = "symlink",
            CompressionLevel = 0,
        }, other["check.cipd"])).InstanceId;
        Assert.That(changedId, Is.Not.EqualTo(originalId));
        Assert.That(error!.Message, Does.Contain(originalId).And.Contain(changedId).And.Contain("version:1.0.0"));
        Assert.That(await store.ListPackagesAsync("infra/python/wheels/fastsum"), Is.Empty, "nothing is registered when any version conflicts");
        Assert.That((await store.ResolveAsync("infra/python/wheels/romanum-py3", "version:1.0.0"))!.InstanceId, Is.EqualTo(originalId));
    }

    [Test]
    public async Task Latest_and_series_refs_move_to_the_highest_final_version_whatever_the_upload_order()
    {
        using var scratch = new UploadScratch();
        var package = "infra/python/wheels/fastsum/linux-arm64_cp311_cp311";
        var ids = new Dictionary<string, string>();
        foreach (var version in new[] { "1.5.2", "2.0.0rc1", "1.4.10", "1.5.10", "1.4.9", "1.5.10.dev1" })
        {
            using var wheels = new UploadScratch();
            var (report, _) = await UploadAsync(wheels, [await wheels.WheelAsync("fastsum", version, "linux-arm64-py3.11", payload: version)],
                store: new LocalCipdRepository(scratch.StoreDirectory) { WaitMessages = null });
            ids[version] = report.Entries.Single().InstanceId;
        }

        var store = new LocalCipdRepository(scratch.StoreDirectory);
        async Task<string?> Ref(string name) => (await store.ResolveAsync(package, name))?.InstanceId;
        Assert.That(await Ref("latest"), Is.EqualTo(ids["1.5.10"]), "final releases win over the newer 2.0.0rc1");
        Assert.That(await Ref("1.x"), Is.EqualTo(ids["1.5.10"]), "1.5.10 > 1.5.2 numerically, not as text");
        Assert.That(await Ref("1.5.x"), Is.EqualTo(ids["1.5.10"]));
        Assert.That(await Ref("1.4.x"), Is.EqualTo(ids["1.4.10"]));
        Assert.That(await Ref("2.x"), Is.EqualTo(ids["2.0.0rc1"]), "a series holding only a pre-release points at it");
        Assert.That(await Ref("2.0.x"), Is.EqualTo(ids["2.0.0rc1"]));
    }

    [Test]
    public async Task Latest_prefers_a_final_release_over_a_newer_pre_release()
    {
        using var scratch = new UploadScratch();
        var store = new LocalCipdRepository(scratch.StoreDirectory) { WaitMessages = null };
        var ids = new Dictionary<string, string>();
        foreach (var version in new[] { "1.0.0", "1.1.0b1" })
        {
            using var wheels = new UploadScratch();
            var (report, _) = await UploadAsync(wheels, [await wheels.WheelAsync("romanum", version, "universal")], store: store);
            ids[version] = report.Entries.Single().InstanceId;
        }
        Assert.That((await store.ResolveAsync("infra/python/wheels/romanum-py3", "latest"))!.InstanceId, Is.EqualTo(ids["1.0.0"]));
        Assert.That((await store.ResolveAsync("infra/python/wheels/romanum-py3", "1.1.x"))!.InstanceId, Is.EqualTo(ids["1.1.0b1"]));
    }

    [Test]
    public async Task A_version_that_cannot_be_ordered_fails_naming_it()
    {
        using var scratch = new UploadScratch();
        var wheel = await scratch.WheelAsync("romanum", "1.0.0", "universal");
        var store = new LocalCipdRepository(scratch.StoreDirectory) { WaitMessages = null };
        await UploadAsync(scratch, [wheel], store: store);
        var pin = (await store.ResolveAsync("infra/python/wheels/romanum-py3", "version:1.0.0"))!;
        await store.SetTagsAsync(pin, ["version:nightly-build"]);

        using var other = new UploadScratch();
        var error = await Assert.ThrowsAsync<PackagingException>(() => UploadAsync(other, [wheel], store: store));
        Assert.That(error!.Message, Does.Contain("'nightly-build'").And.Contain("PEP 440"));
    }

    [Test]
    public async Task Two_selected_platforms_sharing_a_package_fail_before_anything_is_registered()
    {
        using var scratch = new UploadScratch();
        var armv6 = await scratch.WheelAsync("fastsum", "1.0.0", "linux-armv6-py3.11");
        var armv7 = await scratch.WheelAsync("fastsum", "1.0.0", "linux-armv7-py3.11");
        var platforms = new[] { "linux-armv6-py3.11", "linux-armv7-py3.11" }.Select(UploadScratch.Platform).ToList();

        var error = await Assert.ThrowsAsync<UploadException>(() => WheelUpload.RunAsync([armv6, armv7], platforms,
            new UploadSettings { Upload = true, TemporaryDirectory = scratch.TemporaryDirectory, Log = TextWriter.Null },
            new LocalCipdRepository(scratch.StoreDirectory)));
        Assert.That(error!.Message, Does.Contain("linux-armv6-py3.11").And.Contain("linux-armv7-py3.11"));
        Assert.That(Directory.Exists(scratch.StoreDirectory), Is.False);
    }

    [Test]
    public async Task A_wheel_whose_file_changed_after_its_build_is_refused_when_read()
    {
        using var scratch = new UploadScratch();
        var wheel = await scratch.WheelAsync("romanum", "1.0.0", "universal");
        Assert.That((await BuiltWheelSidecar.ReadDirectoryAsync(scratch.WheelsDirectory)).Single(), Is.EqualTo(wheel));

        await File.AppendAllTextAsync(wheel.WheelFile, "tampered");
        var error = await Assert.ThrowsAsync<BuiltWheelException>(() => BuiltWheelSidecar.ReadDirectoryAsync(scratch.WheelsDirectory));
        Assert.That(error!.Message, Does.Contain(wheel.FileName).And.Contain(wheel.Sha256));

        File.Delete(BuiltWheelSidecar.PathFor(wheel.WheelFile));
        error = await Assert.ThrowsAsync<BuiltWheelException>(() => BuiltWheelSidecar.ReadDirectoryAsync(scratch.WheelsDirectory));
        Assert.That(error!.Message, Does.Contain("has no record"));
    }
}
