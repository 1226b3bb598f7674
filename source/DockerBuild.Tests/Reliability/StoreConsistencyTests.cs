using System.Text.Json.Nodes;
using DockerBuild.Tests.Reliability.Support;
using DockerBuild.Tools.Cipd;
using NUnit.Framework;

namespace DockerBuild.Tests.Reliability;

/// <summary>
/// The checker the reliability cases rely on finds each kind of damage it claims to: a consistent store passes, and
/// a truncated instance, a missing instance file, a dangling ref, a leftover temporary, an instance no index names
/// (after a completed run) and a held lock are reported.
/// </summary>
[TestFixture, Category("Reliability")]
public sealed class StoreConsistencyTests
{
    private string _state = null!;
    private CipdPin _pin = null!;
    private LocalCipdRepository _store = null!;

    [SetUp]
    public async Task MakeStoreAsync()
    {
        _state = Directory.CreateTempSubdirectory("store-consistency-").FullName;
        var content = Directory.CreateDirectory(Path.Combine(_state, "content")).FullName;
        await File.WriteAllTextAsync(Path.Combine(content, "file.txt"), "payload");
        var packageFile = Path.Combine(_state, "pkg.cipd");
        _pin = await CipdPackageBuilder.BuildFromDirectoryAsync("infra/test/checker", content, packageFile);
        Directory.Delete(content, recursive: true);
        _store = new LocalCipdRepository(Path.Combine(_state, "cipd"));
        await _store.RegisterAsync(packageFile);
        File.Delete(packageFile);
        await _store.SetTagsAsync(_pin, ["version:1"]);
        await _store.SetRefAsync(_pin, "latest");
    }

    [TearDown]
    public void RemoveStore() => Directory.Delete(_state, recursive: true);

    private string InstanceFile => _store.InstanceFile(_pin);
    private string IndexFile => Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(InstanceFile)!)!, "index.json");

    private Task<IReadOnlyList<string>> CheckAsync() => StoreConsistency.CheckAsync(_state, StoreConsistency.Expectation.AfterCompletedRun);

    [Test]
    public async Task AConsistentStorePasses() => Assert.That(await CheckAsync(), Is.Empty);

    [Test]
    public async Task ATruncatedInstanceIsReported()
    {
        var bytes = await File.ReadAllBytesAsync(InstanceFile);
        await File.WriteAllBytesAsync(InstanceFile, bytes[..(bytes.Length / 2)]);
        Assert.That(await CheckAsync(), Has.Some.Contains("partial or corrupt instance"));
    }

    [Test]
    public async Task AMissingInstanceFileIsReported()
    {
        File.Delete(InstanceFile);
        Assert.That(await CheckAsync(), Has.Some.Contains("its file is missing"));
    }

    [Test]
    public async Task ADanglingRefIsReported()
    {
        var index = JsonNode.Parse(await File.ReadAllTextAsync(IndexFile))!;
        index["refs"]!["stable"] = new JsonObject { ["instance_id"] = new string('A', 43) + "C", ["modified_at"] = DateTimeOffset.UtcNow };
        await File.WriteAllTextAsync(IndexFile, index.ToJsonString());
        Assert.That(await CheckAsync(), Has.Some.Contains("ref stable points at"));
    }

    [Test]
    public async Task LeftoverTemporariesAreReportedOnlyAfterACompletedRun()
    {
        await File.WriteAllTextAsync(Path.Combine(Path.GetDirectoryName(InstanceFile)!, ".tmp-x.cipd-0123"), "half");
        Directory.CreateDirectory(Path.Combine(_state, "sources", ".scratch", "package-1"));
        await Assert.MultipleAsync(async () =>
        {
            Assert.That(await CheckAsync(), Has.Some.Contains("temporary file left").And.Some.Contains("scratch directory left"));
            Assert.That(await StoreConsistency.CheckAsync(_state, StoreConsistency.Expectation.AfterInterruption), Is.Empty);
        });
    }

    [Test]
    public async Task AnInstanceFileNoIndexNamesIsReportedOnlyAfterACompletedRun()
    {
        File.Delete(IndexFile);
        await Assert.MultipleAsync(async () =>
        {
            Assert.That(await CheckAsync(), Has.Some.Contains("instance file(s) but no index.json"));
            Assert.That(await StoreConsistency.CheckAsync(_state, StoreConsistency.Expectation.AfterInterruption), Is.Empty,
                "a registration killed before its index was saved leaves this; the next run's sweep removes it");
        });
    }

    [Test]
    public async Task AHeldStateLockIsReported()
    {
        using var held = new FileStream(Path.Combine(_state, ".lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        Assert.That(await CheckAsync(), Has.Some.Contains("still held"));
    }
}
