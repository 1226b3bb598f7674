using NUnit.Framework;
using DockerBuild.Tools.Cipd;
using DockerBuild.Tools.Cipd.Local;
using DockerBuild.Tools.IO;
using DockerBuild.Tools.Process;

namespace DockerBuild.Tests.Cipd;

/// <summary>Two separate processes writing to one local store at once (the child is DockerBuild.Tests.CipdChild).</summary>
[TestFixture, Category("Cipd")]
public sealed class CipdStoreConcurrencyTests
{
    private const int Rounds = 15;

    [Test]
    public async Task TwoProcessesRegisteringAndTaggingLeaveAConsistentStore()
    {
        using var dir = new TemporaryDirectory();
        dir.Write("one/file", "one");
        dir.Write("two/file", "two");
        var one = await CipdPackageBuilder.BuildFromDirectoryAsync("infra/test/shared", dir["one"], dir["one.cipd"]);
        var two = await CipdPackageBuilder.BuildFromDirectoryAsync("infra/test/shared", dir["two"], dir["two.cipd"]);

        var child = Path.Combine(TestContext.CurrentContext.TestDirectory, "DockerBuild.Tests.CipdChild.dll");
        Assert.That(File.Exists(child), Is.True, $"the child program {child} was not built next to the tests");
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? ProcessRunner.Which("dotnet") ?? "dotnet";
        Task<ProcessResult> Run(string file, string tag) => ProcessRunner.RunAsync(new ProcessSpec
        {
            FileName = dotnet,
            Arguments = [child, dir["store"], file, tag, Rounds.ToString(System.Globalization.CultureInfo.InvariantCulture)],
        });

        var results = await Task.WhenAll(Run(dir["one.cipd"], "first"), Run(dir["two.cipd"], "second"));
        foreach (var r in results) Assert.That(r.ExitCode, Is.Zero, r.StandardError + r.StandardOutput);

        var store = new LocalCipdRepository(dir["store"]) { WaitMessages = null };
        Assert.That(await store.ListInstancesAsync("infra/test/shared"), Is.EquivalentTo(new[] { one, two }));
        var oneTags = (await store.DescribeAsync(one)).Tags;
        var twoTags = (await store.DescribeAsync(two)).Tags;
        Assert.That(oneTags, Is.EquivalentTo(Enumerable.Range(0, Rounds).Select(i => $"first:{i}")), "no tag lost to a concurrent write");
        Assert.That(twoTags, Is.EquivalentTo(Enumerable.Range(0, Rounds).Select(i => $"second:{i}")));
        Assert.That(await store.ResolveAsync("infra/test/shared", "first"), Is.EqualTo(one));
        Assert.That(await store.ResolveAsync("infra/test/shared", "second"), Is.EqualTo(two));
        Assert.That(Directory.EnumerateFiles(store.Root, AtomicFile.TemporaryPrefix + "*", SearchOption.AllDirectories), Is.Empty);
    }

    [Test]
    public async Task AWriterWaitsForTheLockHeldByAnotherHolderAndSaysSo()
    {
        using var dir = new TemporaryDirectory();
        dir.Write("tree/file", "x");
        await CipdPackageBuilder.BuildFromDirectoryAsync("infra/test/locked", dir["tree"], dir["p.cipd"]);
        var messages = new StringWriter();
        var store = new LocalCipdRepository(dir["store"]) { WaitMessages = messages, LockTimeout = TimeSpan.FromMilliseconds(300) };
        using (await CipdStoreLock.AcquireAsync(Path.Combine(store.Root, ".lock"), TimeSpan.FromSeconds(1), null, CancellationToken.None))
        {
            var error = (await Assert.ThrowsAsync<CipdStoreException>(() => store.RegisterAsync(dir["p.cipd"])))!;
            Assert.That(error.Message, Does.Contain(".lock").And.Contain("timed out"));
        }
        Assert.That(messages.ToString(), Does.Contain("Waiting for the CIPD store lock"));
        Assert.That(await store.RegisterAsync(dir["p.cipd"]), Is.Not.Null);
    }
}
