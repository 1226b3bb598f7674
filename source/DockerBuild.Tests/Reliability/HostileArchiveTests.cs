using DockerBuild.Tests.Reliability.Support;
using NUnit.Framework;

namespace DockerBuild.Tests.Reliability;

/// <summary>
/// Source archives whose entries try to leave their tree (<c>../</c> paths, absolute paths, a symlink out followed by
/// a file through it), served as correctly pinned url sources: refused, nothing interned, nothing written outside.
/// </summary>
[TestFixture, Category("Reliability")]
public sealed class HostileArchiveTests
{
    private LoopbackSourceServer _server = null!;

    [OneTimeSetUp]
    public async Task StartServerAsync() => _server = await LoopbackSourceServer.StartAsync();

    [OneTimeTearDown]
    public async Task StopServerAsync() => await _server.DisposeAsync();

    [TestCase("dotdot", "contains a '..' segment")]
    [TestCase("absolute", "is an absolute path")]
    [TestCase("symlink", "outside the tree")]
    [TestCase("absolute-symlink", "is a link to the absolute path")]
    public async Task AnEscapingArchiveIsRefusedAndNothingIsInterned(string how, string reason)
    {
        using var checkout = new ScratchCheckout();
        var outside = Path.Combine(checkout.Directory, "outside", "escaped.txt");
        var archive = SourceArchives.Hostile("hostile", "1.0.0", how, outside);
        var url = _server.Serve($"/{Guid.NewGuid():N}/hostile-1.0.0.tar.gz", archive);
        checkout.ReplaceWheels(WheelYaml.Wheels(WheelYaml.UrlSource("hostile", "1.0.0", url, SourceArchives.Sha256(archive))));

        var result = await BuildCommand.RunAsync(checkout, TamperedSourceTests.SourcesRun);

        var output = result.StandardOutput + result.StandardError;
        var cached = Path.Combine(checkout.StateDirectory, "sources", "hostile");
        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.Not.Zero, output);
            Assert.That(output, Does.Contain(reason), "the refusal says why");
            Assert.That(output, Does.Contain("hostile-1.0.0"), "the refusal names the archive");
            Assert.That(Directory.Exists(Path.Combine(checkout.Store, "packages")), Is.False, "something was interned");
            Assert.That(File.Exists(outside) || Directory.Exists(Path.GetDirectoryName(outside)), Is.False, "written outside the state dir");
            Assert.That(Directory.Exists(cached) && Directory.EnumerateFiles(cached, "*", SearchOption.AllDirectories).Any(), Is.False,
                "the refused archive stays in the cache");
        });
        Assert.That(await StoreConsistency.CheckAsync(checkout.StateDirectory, StoreConsistency.Expectation.AfterCompletedRun), Is.Empty);
        ReliabilityLedger.Record($"Hostile archive: {how}", $"url source (valid pin) whose tar.gz has an entry escaping via {how} towards {Path.GetFileName(outside)}",
            $"exit {result.ExitCode}; \"{TamperedSourceTests.FirstLineWith(output, reason)}\"; nothing interned, nothing written outside, cache emptied");
    }
}
