using DockerBuild.Builds;
using DockerBuild.Builds.Outputs;
using NUnit.Framework;

namespace DockerBuild.Tests.Builds;

/// <summary>The outputs directory: lookup by build key, a changed file is no hit, and a newer build replaces an older one.</summary>
[TestFixture]
[Category("Builds")]
public sealed class WheelOutputsTests
{
    private string _root = null!;

    [SetUp]
    public void Create() => _root = Directory.CreateTempSubdirectory("dockerbuild-outputs-").FullName;

    [TearDown]
    public void Remove() => Directory.Delete(_root, recursive: true);

    private string Candidate(string name, string content)
    {
        var path = Path.Combine(_root, "candidates", name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    [Test]
    public async Task AStoredWheelIsFoundByItsBuildKeyOnly()
    {
        var outputs = Path.Combine(_root, "wheels");
        var stored = await WheelOutputs.StoreAsync(Candidate("demo-1.0-py3-none-any.whl", "bytes"), outputs, "universal", "demo", "1.0", "key-1", CancellationToken.None);

        Assert.That(File.Exists(stored.WheelFile + ".json"), Is.True);
        Assert.That((await WheelOutputs.FindAsync(outputs, "universal", "key-1", CancellationToken.None))?.WheelFile, Is.EqualTo(stored.WheelFile));
        Assert.That(await WheelOutputs.FindAsync(outputs, "universal", "key-2", CancellationToken.None), Is.Null);
        Assert.That(await WheelOutputs.FindAsync(outputs, "linux-x64-py3.11", "key-1", CancellationToken.None), Is.Null);
    }

    [Test]
    public async Task AnOutputChangedAfterItsBuildIsNotAHit()
    {
        var outputs = Path.Combine(_root, "wheels");
        var stored = await WheelOutputs.StoreAsync(Candidate("demo-1.0-py3-none-any.whl", "bytes"), outputs, "universal", "demo", "1.0", "key-1", CancellationToken.None);
        await File.WriteAllTextAsync(stored.WheelFile, "tampered");
        Assert.That(await WheelOutputs.FindAsync(outputs, "universal", "key-1", CancellationToken.None), Is.Null);
    }

    [Test]
    public async Task ANewBuildOfTheSameVersionReplacesTheOlderFileEvenUnderAnotherTag()
    {
        var outputs = Path.Combine(_root, "wheels");
        var older = await WheelOutputs.StoreAsync(Candidate("demo-1.0-cp311-cp311-manylinux_2_17_x86_64.whl", "old"), outputs, "linux-x64-py3.11", "demo", "1.0", "key-1", CancellationToken.None);
        var other = await WheelOutputs.StoreAsync(Candidate("other-2.0-cp311-cp311-manylinux_2_17_x86_64.whl", "other"), outputs, "linux-x64-py3.11", "other", "2.0", "key-9", CancellationToken.None);
        var newer = await WheelOutputs.StoreAsync(Candidate("demo-1.0-cp311-cp311-manylinux_2_28_x86_64.whl", "new"), outputs, "linux-x64-py3.11", "demo", "1.0", "key-2", CancellationToken.None);

        var remaining = (await BuiltWheelSidecar.ReadDirectoryAsync(outputs)).Select(w => w.FileName);
        Assert.That(remaining, Is.EquivalentTo(new[] { newer.FileName, other.FileName }));
        Assert.That(File.Exists(older.WheelFile + ".json"), Is.False);
        Assert.That(Directory.GetFiles(Path.Combine(outputs, "linux-x64-py3.11"), ".tmp-*"), Is.Empty, "no temporary file is left behind");
    }
}
