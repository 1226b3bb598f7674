using System.Security.Cryptography;
using DockerBuild.Builds;
using DockerBuild.Builds.Outputs;
using DockerBuild.Tests.Reliability.Support;
using DockerBuild.Tools.Cipd;
using DockerBuild.Tools.IO;
using NUnit.Framework;

namespace DockerBuild.Tests.Reliability.StoreCare;

/// <summary>
/// Writes into a small tmpfs the test mounts (so it fills part-way): interning into the store, storing an output and
/// an atomic store write each fail with one line naming the path, what was needed and what is free, leave no file
/// (final or temporary) behind, and succeed once the space is freed. Needs root to mount.
/// </summary>
[TestFixture, Category("Reliability"), Category("StoreCare")]
public sealed class DiskFullTests
{
    private string _work = null!;
    private SmallFilesystem _disk = null!;
    private string _small = null!;

    [SetUp]
    public async Task MountAsync()
    {
        _work = Directory.CreateTempSubdirectory("disk-full-").FullName;
        _disk = await SmallFilesystem.MountAsync(Path.Combine(_work, "small"), sizeMib: 4);
        _small = _disk.MountPoint;
        // Most of the room taken, so a 2 MiB write fills the filesystem part-way through.
        await _disk.FillAsync(3 << 20);
    }

    [TearDown]
    public async Task UnmountAsync()
    {
        if (_disk is not null) await _disk.DisposeAsync();
        Directory.Delete(_work, recursive: true);
    }

    private static void AssertOneLine(DiskFullException e, string under)
    {
        Assert.That(e.Message, Does.Match(@"^no space left on \S+ \(needed ≈[23] MiB, free \d+ MiB\)$"));
        Assert.That(e.Message, Does.Contain(under));
    }

    [Test]
    public async Task InterningIntoAFullStoreSaysSoAndLeavesNoInstanceThenSucceedsOnceFreed()
    {
        var content = Directory.CreateDirectory(Path.Combine(_work, "content")).FullName;
        await File.WriteAllBytesAsync(Path.Combine(content, "blob.bin"), RandomNumberGenerator.GetBytes(2 << 20));
        var package = Path.Combine(_work, "blob.cipd");
        await CipdPackageBuilder.BuildAsync(new CipdBuildOptions
        {
            PackageName = "infra/test/diskfull",
            Files = [new() { Name = "blob.bin", SourcePath = Path.Combine(content, "blob.bin") }],
            CompressionLevel = 0,
        }, package);
        var store = new LocalCipdRepository(Path.Combine(_small, "cipd"));

        var e = (await Assert.ThrowsAsync<DiskFullException>(() => store.RegisterAsync(package)))!;

        AssertOneLine(e, _small);
        Assert.That(_disk.Files().Where(f => !f.EndsWith(".lock", StringComparison.Ordinal) && !f.EndsWith(".owner", StringComparison.Ordinal)), Is.Empty,
            "no instance file, temporary or index is left");
        _disk.Free();
        var pin = await store.RegisterAsync(package);
        Assert.That(await store.ResolveAsync(pin.Package, pin.InstanceId), Is.EqualTo(pin), "the rerun completes once space is freed");
        ReliabilityLedger.Record("Disk full: interning", "2 MiB package into a store on a 4 MiB tmpfs 3 MiB full", $"\"{e.Message}\"; no instance, temporary or index left; rerun after freeing registers it");
    }

    [Test]
    public async Task StoringAnOutputOnAFullDiskSaysSoAndLeavesNoHalfWheel()
    {
        var wheel = Path.Combine(_work, "blob-1.0-py3-none-any.whl");
        await File.WriteAllBytesAsync(wheel, RandomNumberGenerator.GetBytes(2 << 20));
        var outputs = Path.Combine(_small, "wheels");

        var e = (await Assert.ThrowsAsync<DiskFullException>(() => WheelOutputs.StoreAsync(wheel, outputs, "universal", "blob", "1.0", "key", CancellationToken.None)))!;

        AssertOneLine(e, outputs);
        Assert.That(_disk.Files(), Is.Empty);
        _disk.Free();
        var stored = await WheelOutputs.StoreAsync(wheel, outputs, "universal", "blob", "1.0", "key", CancellationToken.None);
        Assert.That(File.Exists(stored.WheelFile) && File.Exists(BuiltWheelSidecar.PathFor(stored.WheelFile)), Is.True);
        ReliabilityLedger.Record("Disk full: storing an output", "2 MiB wheel into outputs on a part-filled tmpfs", "one line with needed/free; no half wheel or record; rerun after freeing stores it");
    }

    [Test]
    public async Task AnAtomicStoreWriteOnAFullDiskSaysSoAndLeavesNoTemporary()
    {
        var target = Path.Combine(_small, "index", "page.html");

        var e = (await Assert.ThrowsAsync<DiskFullException>(() => AtomicFile.WriteAllBytesAsync(target, new byte[2 << 20])))!;

        AssertOneLine(e, target);
        Assert.That(_disk.Files(), Is.Empty);
        ReliabilityLedger.Record("Disk full: atomic store write (index page, record, index.json)", "2 MiB write on a part-filled tmpfs", "one line with needed/free; no temporary left");
    }
}
