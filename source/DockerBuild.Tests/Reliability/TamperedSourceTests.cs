using DockerBuild.Tests.Reliability.Support;
using NUnit.Framework;

namespace DockerBuild.Tests.Reliability;

/// <summary>
/// A pinned url source whose server hands out other bytes, or lies about their length: the run fails naming the pin
/// and what arrived, and the store is byte-for-byte what it was before.
/// </summary>
[TestFixture, Category("Reliability")]
public sealed class TamperedSourceTests
{
    /// <summary>UniversalSource wheels are built for the universal platform only, which is not a default one.</summary>
    internal static readonly string[] SourcesRun = ["Sources", "--upload-sources", "--platform", "universal"];

    private LoopbackSourceServer _server = null!;

    [OneTimeSetUp]
    public async Task StartServerAsync() => _server = await LoopbackSourceServer.StartAsync();

    [OneTimeTearDown]
    public async Task StopServerAsync() => await _server.DisposeAsync();

    /// <summary>A checkout whose store already holds one interned source, so "unchanged" is about a non-empty store.</summary>
    private async Task<(ScratchCheckout Checkout, string GoodEntry)> CheckoutWithInternedSourceAsync()
    {
        var checkout = new ScratchCheckout();
        try
        {
            var good = SourceArchives.Wellformed("goodpkg", "1.0.0");
            var goodUrl = _server.Serve($"/{Guid.NewGuid():N}/goodpkg-1.0.0.tar.gz", good);
            var goodEntry = WheelYaml.UrlSource("goodpkg", "1.0.0", goodUrl, SourceArchives.Sha256(good));
            checkout.ReplaceWheels(WheelYaml.Wheels(goodEntry));
            var first = await BuildCommand.RunAsync(checkout, SourcesRun);
            Assert.That(first.ExitCode, Is.Zero, first.StandardOutput + first.StandardError);
            Assert.That(first.StandardOutput, Does.Contain("goodpkg 1.0.0: interned as"));
            return (checkout, goodEntry);
        }
        catch
        {
            checkout.Dispose();
            throw;
        }
    }

    [Test]
    public async Task ChangedBytesFailNamingBothHashesAndLeaveTheStoreUnchanged()
    {
        var (checkout, goodEntry) = await CheckoutWithInternedSourceAsync();
        using var _ = checkout;
        var pinned = SourceArchives.Wellformed("tampered", "2.0.0");
        var served = (byte[])pinned.Clone();
        served[served.Length / 2] ^= 0x5A;
        var url = _server.Serve($"/{Guid.NewGuid():N}/tampered-2.0.0.tar.gz", served);
        var specFile = checkout.ReplaceWheels(WheelYaml.Wheels(goodEntry, WheelYaml.UrlSource("tampered", "2.0.0", url, SourceArchives.Sha256(pinned))));
        var before = StoreConsistency.Snapshot(checkout.StateDirectory);

        var result = await BuildCommand.RunAsync(checkout, SourcesRun);

        var output = result.StandardOutput + result.StandardError;
        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.Not.Zero, output);
            Assert.That(output, Does.Contain($"expected {SourceArchives.Sha256(pinned)}"));
            Assert.That(output, Does.Contain($"got {SourceArchives.Sha256(served)}"));
            Assert.That(output, Does.Contain($"{Path.GetFileName(specFile)}:"), "the pin's file:line is named");
            Assert.That(StoreConsistency.Snapshot(checkout.StateDirectory), Is.EqualTo(before), "store listing before/after");
        });
        Assert.That(await StoreConsistency.CheckAsync(checkout.StateDirectory, StoreConsistency.Expectation.AfterCompletedRun), Is.Empty);
        Assert.That(Directory.Exists(Path.Combine(checkout.StateDirectory, "sources", "tampered")) &&
                    Directory.EnumerateFiles(Path.Combine(checkout.StateDirectory, "sources", "tampered"), "*", SearchOption.AllDirectories).Any(),
            Is.False, "nothing of the tampered download is kept in the cache");
        ReliabilityLedger.Record("Tampered source: bytes changed",
            "url source pinned by sha256, one byte flipped by the server (true Content-Length); store holds another interned source",
            $"exit {result.ExitCode}; error names expected and actual sha256 and the pin's file:line; store listing identical; cache empty for it");
    }

    [Test]
    public async Task AContentLengthLongerThanTheBodyIsRetriedThenFailsAndLeavesTheStoreUnchanged()
    {
        var (checkout, goodEntry) = await CheckoutWithInternedSourceAsync();
        using var _ = checkout;
        var content = SourceArchives.Wellformed("liar", "3.0.0", padding: 4096);
        var path = $"/{Guid.NewGuid():N}/liar-3.0.0.tar.gz";
        var url = _server.ServeWithLength(path, content, content.Length + 100);
        checkout.ReplaceWheels(WheelYaml.Wheels(goodEntry, WheelYaml.UrlSource("liar", "3.0.0", url, SourceArchives.Sha256(content))));
        var before = StoreConsistency.Snapshot(checkout.StateDirectory);

        var result = await BuildCommand.RunAsync(checkout, SourcesRun);

        var output = result.StandardOutput + result.StandardError;
        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.Not.Zero, output);
            Assert.That(output, Does.Contain($"download of {url}").And.Contain("failed after 4 attempt(s)"), "the URL and the retries are named");
            Assert.That(FirstLineWith(output, "failed after"), Does.Contain("Content-Length said").Or.Contain("ended prematurely").Or.Contain("reset by peer"),
                "the cause (a body cut short) is named, not only that a request failed");
            Assert.That(output, Does.Not.Contain("liar 3.0.0: interned"));
            Assert.That(StoreConsistency.Snapshot(checkout.StateDirectory), Is.EqualTo(before), "store listing before/after");
        });
        Assert.That(await StoreConsistency.CheckAsync(checkout.StateDirectory, StoreConsistency.Expectation.AfterCompletedRun), Is.Empty);
        ReliabilityLedger.Record("Tampered source: Content-Length longer than the body",
            $"correct bytes, Content-Length +100, connection cut after the body; {_server.RequestsFor(path)} request(s) reached the server",
            $"exit {result.ExitCode}; \"{FirstLineWith(output, "failed after")}\"; store listing identical; no temp file left");
    }

    [Test]
    public async Task ABodyCutToAShorterContentLengthFailsOnTheHashAndLeavesTheStoreUnchanged()
    {
        var (checkout, goodEntry) = await CheckoutWithInternedSourceAsync();
        using var _ = checkout;
        var content = SourceArchives.Wellformed("short", "3.1.0", padding: 4096);
        var url = _server.ServeWithLength($"/{Guid.NewGuid():N}/short-3.1.0.tar.gz", content, content.Length - 100);
        checkout.ReplaceWheels(WheelYaml.Wheels(goodEntry, WheelYaml.UrlSource("short", "3.1.0", url, SourceArchives.Sha256(content))));
        var before = StoreConsistency.Snapshot(checkout.StateDirectory);

        var result = await BuildCommand.RunAsync(checkout, SourcesRun);

        var output = result.StandardOutput + result.StandardError;
        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.Not.Zero, output);
            Assert.That(output, Does.Contain($"expected {SourceArchives.Sha256(content)}"));
            Assert.That(output, Does.Contain($"got {SourceArchives.Sha256(content[..^100])}"), "the hash of the bytes that arrived");
            Assert.That(StoreConsistency.Snapshot(checkout.StateDirectory), Is.EqualTo(before), "store listing before/after");
        });
        Assert.That(await StoreConsistency.CheckAsync(checkout.StateDirectory, StoreConsistency.Expectation.AfterCompletedRun), Is.Empty);
        ReliabilityLedger.Record("Tampered source: body cut to a shorter Content-Length",
            "the server declares and sends 100 bytes fewer than the pinned file (a consistent but truncated response)",
            $"exit {result.ExitCode}; sha256 mismatch names expected and actual; store listing identical");
    }

    internal static string FirstLineWith(string output, string needle) =>
        output.Split('\n').FirstOrDefault(l => l.Contains(needle, StringComparison.Ordinal))?.Trim() ?? "(not printed)";
}
