using DockerBuild.Mirror;
using DockerBuild.Platforms;
using DockerBuild.Tests.Docker.Support;
using NUnit.Framework;

namespace DockerBuild.Tests.Docker.Engine;

[TestFixture]
[Category("Docker")]
public sealed class MirrorTests
{
    private static DockerTestEnvironment Env => DockerTestEnvironment.Current;
    private string _stateDir = "";

    [SetUp]
    public void CreateStateDir() => _stateDir = Directory.CreateTempSubdirectory("dockerbuild-state-").FullName;

    [TearDown]
    public void RemoveStateDir() => Directory.Delete(_stateDir, recursive: true);

    private static PlatformSpec Platform(string name, string? digest = null, string? repository = null) => new()
    {
        Name = name,
        Kind = PlatformKind.Linux,
        Python = "3.11",
        WheelAbi = "cp311",
        WheelPlat = ["manylinux_2_36_x86_64"],
        CipdPlatform = "linux-amd64",
        Base = new BaseSpec { Image = new UpstreamImage(repository ?? Env.SeedRepository, Env.SeedTag, digest) },
        SourceFile = $"platforms/{name}.yaml",
    };

    private MirrorSettings Settings(bool upload, string? registry = null, string? upstream = null) => new()
    {
        StateDir = _stateDir,
        Registry = registry ?? Env.Private.Address,
        UpstreamRegistry = upstream ?? Env.Upstream.Address,
        Upload = upload,
    };

    private BaseImageMirror Mirror(MirrorSettings settings, PlainConsole console)
    {
        Env.TrackImage($"{settings.Registry}/{Env.SeedRepository}:{Env.SeedTag}");
        return new BaseImageMirror(Env.Engine, settings, console.Console);
    }

    [Test]
    public async Task UploadPushesToThePrivateRegistryAndRecordsTheDigest()
    {
        var console = new PlainConsole();

        var outcome = await Mirror(Settings(upload: true), console).MirrorAsync(Platform("linux-x64-py3.11"));

        var served = await Env.Private.ManifestDigestAsync(Env.SeedRepository, Env.SeedTag);
        Assert.That(outcome.Action, Is.EqualTo(MirrorAction.Uploaded));
        Assert.That(served, Is.Not.Null, "the private registry should serve the mirrored tag");
        var record = new MirrorRecordStore(_stateDir).Read("linux-x64-py3.11");
        Assert.That(record, Is.Not.Null);
        Assert.That(record!.UpstreamDigest, Is.EqualTo(Env.SeedDigest));
        Assert.That(record.MirrorDigest, Is.EqualTo(served));
        Assert.That(record.BuildFrom, Is.EqualTo($"{Env.Private.Address}/{Env.SeedRepository}@{served}"));
        Assert.That(File.ReadAllText(Path.Combine(_stateDir, "mirror", "linux-x64-py3.11.json")), Does.Contain(served));
        Assert.That(Directory.GetFiles(Path.Combine(_stateDir, "mirror")), Has.Length.EqualTo(1), "no temporary files are left behind");
        Assert.That(console.Text, Does.Contain("Pushing"));
    }

    [Test]
    public async Task RerunAtTheSameDigestTransfersNothing()
    {
        var repository = $"dockcross/rerun-{DockerTestEnvironment.RunId}";
        var digest = await Env.SeedUpstreamOnlyAsync(repository);
        var platform = Platform("linux-x64-py3.11", repository: repository);
        Env.TrackImage($"{Env.Private.Address}/{repository}:{Env.SeedTag}");
        Env.TrackImage($"{Env.Upstream.Address}/{repository}@{digest}");
        var downloadsBefore = Env.Upstream.BlobDownloads();

        var first = await Mirror(Settings(upload: true), new PlainConsole()).MirrorAsync(platform);

        // The engine reads the small config blob to describe a manifest: a look-up, not a layer transfer.
        var config = first.Record!.ImageId;
        var downloadsAfterFirst = Env.Upstream.BlobDownloads(ignoredDigest: config);
        var writesAfterFirst = Env.Private.Writes();
        Assert.That(first.Action, Is.EqualTo(MirrorAction.Uploaded));
        Assert.That(downloadsAfterFirst, Is.GreaterThan(downloadsBefore), "the first run fetches the layer");
        // Without the local copy, pulling again would have to fetch the layer again.
        await Env.Engine.Images.RemoveAsync(config, CancellationToken.None, force: true);
        var console = new PlainConsole();

        var again = await Mirror(Settings(upload: true), console).MirrorAsync(platform);

        Assert.That(again.Action, Is.EqualTo(MirrorAction.AlreadyMirrored));
        Assert.That(again.Summary, Does.Contain("nothing transferred").And.Contain(digest));
        Assert.That(console.Text, Does.Not.Contain("Pulling").And.Not.Contain("Pushing"));
        Assert.That(Env.Upstream.BlobDownloads(ignoredDigest: config), Is.EqualTo(downloadsAfterFirst), "no layer fetched from upstream");
        Assert.That(Env.Private.Writes(), Is.EqualTo(writesAfterFirst), "nothing written to the private registry");
    }

    [Test]
    public async Task WithoutUploadTheCopyStaysLocalAndSaysSo()
    {
        var console = new PlainConsole();

        var outcome = await Mirror(Settings(upload: false), console).MirrorAsync(Platform("linux-x64-py3.11", digest: Env.SeedDigest));

        Assert.That(outcome.Action, Is.EqualTo(MirrorAction.KeptLocal));
        Assert.That(outcome.Summary, Does.Contain("not pushed").And.Contain("--upload"));
        Assert.That(outcome.Record!.MirrorDigest, Is.Null);
        var local = await Env.Engine.Images.InspectAsync($"{Env.Private.Address}/{Env.SeedRepository}:{Env.SeedTag}", CancellationToken.None);
        Assert.That(outcome.Record.BuildFrom, Is.EqualTo(local.Id));
    }

    [Test]
    public async Task PinnedDigestMismatchNamesBothDigests()
    {
        var pin = "sha256:" + new string('0', 64);

        var error = await Assert.ThrowsAsync<MirrorException>(() =>
            Mirror(Settings(upload: false), new PlainConsole()).MirrorAsync(Platform("linux-x64-py3.11", digest: pin)));

        Assert.That(error!.Message, Does.Contain(pin).And.Contain(Env.SeedDigest).And.Contain("platforms/linux-x64-py3.11.yaml"));
        Assert.That(new MirrorRecordStore(_stateDir).Read("linux-x64-py3.11"), Is.Null, "nothing is recorded for a mismatch");
    }

    [Test]
    public async Task UnreachableUpstreamRegistryIsAClearError()
    {
        var nowhere = $"127.0.0.1:{FreePort.Next()}";

        var error = await Assert.ThrowsAsync<MirrorException>(() =>
            Mirror(Settings(upload: false, upstream: nowhere), new PlainConsole()).MirrorAsync(Platform("linux-x64-py3.11")));

        Assert.That(error!.Message, Does.Contain($"upstream registry {nowhere}").And.Contain("connection refused"));
    }

    [Test]
    public async Task ImageBasedPlatformWithoutRegistryIsAClearError()
    {
        var settings = new MirrorSettings { StateDir = _stateDir, UpstreamRegistry = Env.Upstream.Address };

        var error = await Assert.ThrowsAsync<MirrorException>(() =>
            new BaseImageMirror(Env.Engine, settings, new PlainConsole().Console).MirrorAsync(Platform("linux-x64-py3.11")));

        Assert.That(error!.Message, Does.StartWith("--registry is required to mirror linux-x64-py3.11"));
    }

    [Test]
    public async Task DebianBasedPlatformNeedsNoMirror()
    {
        var platform = Platform("linux-arm64-py3.11") with { Base = new BaseSpec { Debian = new DebianBase { Suite = "bookworm", Architecture = "arm64" } } };
        var console = new PlainConsole();

        var outcomes = await new BaseImageMirror(Env.Engine, new MirrorSettings { StateDir = _stateDir }, console.Console).MirrorAllAsync([platform]);

        Assert.That(outcomes.Single().Action, Is.EqualTo(MirrorAction.NotNeeded));
        Assert.That(console.Text, Does.Contain("linux-arm64-py3.11: Debian base (bookworm)").And.Contain("no mirror needed"));
    }
}
