using NUnit.Framework;
using System.IO.Compression;
using System.Text;
using DockerBuild.Tools.Cipd;
using DockerBuild.Tools.Cipd.Inspection;
using DockerBuild.Tools.Cipd.Local;
using DockerBuild.Tools.IO;
using DockerBuild.Tools.Cipd.Packages;

namespace DockerBuild.Tests.Cipd;

/// <summary>The local store: register, tag/ref, resolve, fetch, deploy, listing, and the errors a user meets.</summary>
[TestFixture, Category("Cipd"), System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class LocalCipdRepositoryTests
{
    private TemporaryDirectory _dir = null!;
    private LocalCipdRepository _store = null!;

    [SetUp]
    public void SetUp()
    {
        _dir = new TemporaryDirectory();
        _store = new LocalCipdRepository(_dir["store"]) { WaitMessages = null };
    }

    [TearDown]
    public void TearDown() => _dir.Dispose();

    private async Task<CipdPin> BuildAsync(string name, string content, string package = "infra/third_party/source/demo")
    {
        _dir.Write($"{name}/src/demo.c", content);
        _dir.Write($"{name}/bin/configure", "#!/bin/sh\nexit 0\n", executable: true);
        _dir.Symlink($"{name}/latest.c", "src/demo.c");
        return await CipdPackageBuilder.BuildFromDirectoryAsync(package, _dir[name], _dir[$"{name}.cipd"]);
    }

    [Test]
    public async Task RoundTripReproducesTheTree()
    {
        var built = await BuildAsync("tree", "int main(void) { return 0; }\n");
        var registered = await _store.RegisterAsync(_dir["tree.cipd"]);
        Assert.That(registered, Is.EqualTo(built));
        await _store.SetTagsAsync(registered, ["version:1.0"]);
        await _store.SetRefAsync(registered, "latest");

        Assert.That(await _store.ResolveAsync(built.Package, "version:1.0"), Is.EqualTo(built));
        Assert.That(await _store.ResolveAsync(built.Package, "latest"), Is.EqualTo(built));
        Assert.That(await _store.ResolveAsync(built.Package, built.InstanceId), Is.EqualTo(built));
        Assert.That(await _store.ResolveAsync(built.Package, "version:2.0"), Is.Null);

        await _store.DeployAsync(built, _dir["deployed"]);
        Assert.That(File.ReadAllText(_dir["deployed/src/demo.c"]), Is.EqualTo("int main(void) { return 0; }\n"));
        Assert.That(File.GetUnixFileMode(_dir["deployed/bin/configure"]).HasFlag(UnixFileMode.UserExecute), Is.True);
        Assert.That(File.GetUnixFileMode(_dir["deployed/src/demo.c"]).HasFlag(UnixFileMode.UserExecute), Is.False);
        Assert.That(new FileInfo(_dir["deployed/latest.c"]).LinkTarget, Is.EqualTo("src/demo.c"));
        Assert.That(Directory.Exists(_dir["deployed/.cipdpkg"]), Is.False);

        await _store.FetchAsync(built, _dir["fetched.cipd"]);
        Assert.That(File.ReadAllBytes(_dir["fetched.cipd"]), Is.EqualTo(File.ReadAllBytes(_dir["tree.cipd"])));
    }

    [Test]
    public async Task RegisteringTwiceIsIdempotent()
    {
        var pin = await BuildAsync("tree", "x");
        await _store.RegisterAsync(_dir["tree.cipd"]);
        await _store.SetTagsAsync(pin, ["version:1"]);
        await _store.RegisterAsync(_dir["tree.cipd"]);
        Assert.That(await _store.ListInstancesAsync(pin.Package), Is.EqualTo(new[] { pin }));
        Assert.That((await _store.DescribeAsync(pin)).Tags, Is.EqualTo(new[] { "version:1" }));
    }

    [Test]
    public async Task TagOnTwoInstancesIsAnAmbiguityNamingBoth()
    {
        var first = await BuildAsync("one", "1");
        var second = await BuildAsync("two", "2");
        await _store.RegisterAsync(_dir["one.cipd"]);
        await _store.RegisterAsync(_dir["two.cipd"]);
        await _store.SetTagsAsync(first, ["version:1"]);
        await _store.SetTagsAsync(second, ["version:1"]);

        var error = (await Assert.ThrowsAsync<CipdStoreException>(() => _store.ResolveAsync(first.Package, "version:1")))!;
        Assert.That(error.Message, Does.Contain("version:1").And.Contain(first.InstanceId).And.Contain(second.InstanceId));
        Assert.That(await _store.SearchAsync(first.Package, "version:1"), Is.EquivalentTo(new[] { first, second }));
    }

    [Test]
    public async Task RegisterWithAWrongExpectedIdIsRefused()
    {
        var other = await BuildAsync("other", "other");
        await BuildAsync("tree", "tree");
        var error = (await Assert.ThrowsAsync<CipdStoreException>(() => _store.RegisterAsync(_dir["tree.cipd"], other.InstanceId)))!;
        Assert.That(error.Message, Does.Contain(other.InstanceId).And.Contain("tree.cipd"));
        Assert.That(await _store.ListPackagesAsync(""), Is.Empty);
    }

    [Test]
    public async Task RegisterAcceptsAMatchingLegacySha1Id()
    {
        var pin = await BuildAsync("tree", "tree");
        var sha1 = await CipdInstanceId.ComputeFileAsync(_dir["tree.cipd"], CipdHashAlgorithm.Sha1);
        Assert.That(await _store.RegisterAsync(_dir["tree.cipd"], sha1.Value), Is.EqualTo(pin));
    }

    [Test]
    public async Task CorruptStoredFileIsDetectedOnDeploy()
    {
        var pin = await BuildAsync("tree", "tree");
        await _store.RegisterAsync(_dir["tree.cipd"]);
        var stored = _store.InstanceFile(pin);
        File.SetUnixFileMode(stored, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        await using (var f = new FileStream(stored, FileMode.Open)) { f.Position = 40; f.WriteByte(0xFF); }
        var error = (await Assert.ThrowsAsync<CipdStoreException>(() => _store.DeployAsync(pin, _dir["out"])))!;
        Assert.That(error.Message, Does.Contain("no longer matches").And.Contain(pin.InstanceId));
    }

    [Test]
    public async Task EntriesEscapingTheRootAreRefused()
    {
        var evil = _dir["evil.cipd"];
        using (var zip = ZipFile.Open(evil, ZipArchiveMode.Create))
        {
            using (var w = new StreamWriter(zip.CreateEntry("../escaped.txt").Open())) w.Write("gotcha");
            using (var w = new StreamWriter(zip.CreateEntry(CipdManifest.EntryName).Open()))
                w.Write(Encoding.UTF8.GetString(new CipdManifest("infra/evil").ToBytes()));
        }
        var pin = await _store.RegisterAsync(evil);
        var error = (await Assert.ThrowsAsync<CipdStoreException>(() => _store.DeployAsync(pin, _dir["root"])))!;
        Assert.That(error.Message, Does.Contain("../escaped.txt"));
        Assert.That(File.Exists(_dir["escaped.txt"]), Is.False);
    }

    [Test]
    public async Task ErrorsNameTheBadValue()
    {
        var pin = await BuildAsync("tree", "tree");
        await _store.RegisterAsync(_dir["tree.cipd"]);
        var badTag = (await Assert.ThrowsAsync<CipdValidationException>(() => _store.SetTagsAsync(pin, ["Version:1"])))!;
        Assert.That(badTag.Message, Does.Contain("\"Version:1\""));
        var badRef = (await Assert.ThrowsAsync<CipdValidationException>(() => _store.SetRefAsync(pin, "Latest")))!;
        Assert.That(badRef.Message, Does.Contain("\"Latest\""));
        var missing = new CipdPin(pin.Package, "qUiQTy8PR5uPgZdpSzAYSw0u0cHNKh7A-4XSmaGSpEcC");
        var unknown = (await Assert.ThrowsAsync<CipdStoreException>(() => _store.SetRefAsync(missing, "latest")))!;
        Assert.That(unknown.Message, Does.Contain(missing.InstanceId).And.Contain("no such instance"));
        var notAPackage = (await Assert.ThrowsAsync<CipdStoreException>(() => _store.RegisterAsync(_dir["tree/src/demo.c"])))!;
        Assert.That(notAPackage.Message, Does.Contain("demo.c"));
    }

    [Test]
    public async Task ListingShowsPackagesInstancesTagsAndRefs()
    {
        var a = await BuildAsync("a", "a", "infra/third_party/source/a");
        var b = await BuildAsync("b", "b", "infra/python/wheels/b-py3");
        await _store.RegisterAsync(_dir["a.cipd"]);
        await _store.RegisterAsync(_dir["b.cipd"]);
        await _store.SetTagsAsync(a, ["version:1.2"]);
        await _store.SetRefAsync(a, "latest");

        Assert.That(await _store.ListPackagesAsync("infra/third_party"), Is.EqualTo(new[] { a.Package }));
        var listing = await new CipdStoreListing(_store).RenderAsync();
        Assert.That(listing, Does.Contain(a.Package).And.Contain(b.Package).And.Contain(a.InstanceId)
            .And.Contain("tags: version:1.2").And.Contain("refs: latest"));
        Assert.That(listing.IndexOf(b.Package, StringComparison.Ordinal), Is.LessThan(listing.IndexOf(a.Package, StringComparison.Ordinal)));
    }

    [Test]
    public async Task AnInstanceFileNoIndexNamesIsSweptAndRegisteredOnesStay()
    {
        var kept = await BuildAsync("kept", "kept");
        await _store.RegisterAsync(_dir["kept.cipd"]);
        var orphan = await BuildAsync("orphan", "orphan");
        // What a registration killed between placing the instance file and saving the index leaves behind.
        File.Copy(_dir["orphan.cipd"], _store.InstanceFile(orphan));

        var removed = await _store.RemoveAbandonedTemporariesAsync();

        Assert.That(removed, Is.EqualTo(1));
        Assert.That(File.Exists(_store.InstanceFile(orphan)), Is.False);
        Assert.That(File.Exists(_store.InstanceFile(kept)), Is.True);
        Assert.That(await _store.ResolveAsync(kept.Package, kept.InstanceId), Is.EqualTo(kept));
        Assert.That(await _store.RegisterAsync(_dir["orphan.cipd"]), Is.EqualTo(orphan), "a rerun registers it again");
    }

    [Test]
    public async Task NoTemporaryFilesAreLeftInTheStore()
    {
        await BuildAsync("tree", "tree");
        await _store.RegisterAsync(_dir["tree.cipd"]);
        Assert.That(Directory.EnumerateFiles(_store.Root, AtomicFile.TemporaryPrefix + "*", SearchOption.AllDirectories), Is.Empty);
    }
}
