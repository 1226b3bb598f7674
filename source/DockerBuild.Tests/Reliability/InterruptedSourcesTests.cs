using DockerBuild.Tests.Reliability.Support;
using NUnit.Framework;

namespace DockerBuild.Tests.Reliability;

/// <summary>
/// Sources killed with SIGKILL mid-download and at a sweep of moments during interning, and two runs started at once:
/// the store and state directory stay consistent, the lock is free again, and the next run completes.
/// </summary>
[TestFixture, Category("Reliability")]
public sealed class InterruptedSourcesTests
{
    private LoopbackSourceServer _server = null!;

    [OneTimeSetUp]
    public async Task StartServerAsync() => _server = await LoopbackSourceServer.StartAsync();

    [OneTimeTearDown]
    public async Task StopServerAsync() => await _server.DisposeAsync();

    [Test]
    public async Task KilledMidDownloadLeavesNoPartialSourceAndTheRerunInternsIt()
    {
        using var checkout = new ScratchCheckout();
        var content = SourceArchives.Wellformed("halfway", "1.0.0", padding: 2 << 20);
        var path = $"/{Guid.NewGuid():N}/halfway-1.0.0.tar.gz";
        var halfSent = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var url = _server.ServeStalling(path, content, halfSent);
        checkout.ReplaceWheels(WheelYaml.Wheels(WheelYaml.UrlSource("halfway", "1.0.0", url, SourceArchives.Sha256(content))));

        using (var build = await BuildCommand.StartAsync(checkout, TamperedSourceTests.SourcesRun))
        {
            await halfSent.Task.WaitAsync(TimeSpan.FromMinutes(2));
            await build.WaitForLineAsync(l => l.Contains("halfway-1.0.0.tar.gz:") && l.Contains(" / "), TimeSpan.FromMinutes(1));
            await build.KillHardAsync();
        }
        var partials = Directory.EnumerateFiles(checkout.StateDirectory, "*.partial", SearchOption.AllDirectories).Count();
        Assert.That(await StoreConsistency.CheckAsync(checkout.StateDirectory, StoreConsistency.Expectation.AfterInterruption), Is.Empty,
            "after SIGKILL mid-download");
        Assert.That(Directory.Exists(Path.Combine(checkout.Store, "packages")), Is.False, "nothing reached the store");

        _server.Serve(path, content);
        var rerun = await BuildCommand.RunAsync(checkout, TamperedSourceTests.SourcesRun);

        Assert.That(rerun.ExitCode, Is.Zero, rerun.StandardOutput + rerun.StandardError);
        Assert.That(rerun.StandardOutput, Does.Contain("halfway 1.0.0: interned as"));
        Assert.That(await StoreConsistency.CheckAsync(checkout.StateDirectory, StoreConsistency.Expectation.AfterCompletedRun), Is.Empty,
            "after the rerun");
        ReliabilityLedger.Record("SIGKILL mid-download (Sources)",
            "2 MiB url source; the server stalls after half the body; SIGKILL once half arrived; then the server serves it whole",
            $"store untouched, lock free, {partials} partial download(s) left by the kill; rerun exit 0, interned, no temp file left");
    }

    [Test]
    public async Task KilledAtASweepOfMomentsDuringInterningTheStoreStaysConsistent()
    {
        using var checkout = new ScratchCheckout();
        var content = SourceArchives.Wellformed("bulky", "1.0.0", padding: 48 << 20);
        var path = $"/{Guid.NewGuid():N}/bulky-1.0.0.tar.gz";
        var url = _server.Serve(path, content);
        checkout.ReplaceWheels(WheelYaml.Wheels(WheelYaml.UrlSource("bulky", "1.0.0", url, SourceArchives.Sha256(content))));
        var seen = new List<string>();
        var completedBeforeKill = false;
        foreach (var delay in new[] { 0, 150, 300, 450, 600, 800, 1000, 1300, 1700, 2200, 3000 })
        {
            using var build = await BuildCommand.StartAsync(checkout, TamperedSourceTests.SourcesRun);
            // Past the download: the file is in the cache (first run: downloaded; later runs: reused).
            await build.WaitForLineAsync(l => l.Contains("bulky 1.0.0: cached") || l.Contains("bulky-1.0.0.tar.gz: done"), TimeSpan.FromMinutes(2));
            await Task.Delay(delay);
            if (build.Output.Contains("Build succeeded"))
            {
                completedBeforeKill = true;
                break;
            }
            await build.KillHardAsync();
            seen.Add($"{delay} ms: {Phase(checkout)}");
            var problems = await StoreConsistency.CheckAsync(checkout.StateDirectory, StoreConsistency.Expectation.AfterInterruption);
            Assert.That(problems, Is.Empty, $"after SIGKILL {delay} ms past the download");
            if (build.Output.Contains("bulky 1.0.0: interned as")) break;
        }

        var rerun = await BuildCommand.RunAsync(checkout, TamperedSourceTests.SourcesRun);
        Assert.That(rerun.ExitCode, Is.Zero, rerun.StandardOutput + rerun.StandardError);
        Assert.That(rerun.StandardOutput, Does.Contain("bulky 1.0.0: interned as").Or.Contain("bulky 1.0.0: already interned as"));
        Assert.That(await StoreConsistency.CheckAsync(checkout.StateDirectory, StoreConsistency.Expectation.AfterCompletedRun), Is.Empty,
            "after the final run");
        ReliabilityLedger.Record("SIGKILL during interning (Sources)",
            "48 MiB url source; SIGKILL at 0…3000 ms after the download finished (or was reused), one run per moment",
            $"store consistent after every kill ({string.Join("; ", seen)}{(completedBeforeKill ? "; a run finished before its kill" : "")}); final run exit 0, no temp file left");
    }

    /// <summary>What a kill left behind, read from the files: how far the run had got.</summary>
    private static string Phase(ScratchCheckout checkout)
    {
        var state = checkout.StateDirectory;
        var instances = Directory.Exists(checkout.Store) ? Directory.EnumerateFiles(checkout.Store, "*.cipd", SearchOption.AllDirectories).Count() : 0;
        var storeTemps = Directory.Exists(checkout.Store) ? Directory.EnumerateFiles(checkout.Store, ".tmp-*", SearchOption.AllDirectories).Count() : 0;
        var scratch = Path.Combine(state, "sources", ".scratch");
        var packing = Directory.Exists(scratch) ? Directory.EnumerateFileSystemEntries(scratch).Count() : 0;
        var indexed = Directory.Exists(checkout.Store) && Directory.EnumerateFiles(checkout.Store, "index.json", SearchOption.AllDirectories).Any();
        return indexed ? "registered" : instances > 0 ? "instance stored, not indexed" : storeTemps > 0 ? "copying into the store" : packing > 0 ? "packing" : "before packing";
    }

    [Test]
    public async Task TwoRunsAtOnceOnOneStateDirectoryBothSucceedOneAfterTheOther()
    {
        using var checkout = new ScratchCheckout();
        var content = SourceArchives.Wellformed("together", "1.0.0", padding: 256 << 10);
        var url = _server.ServeSlowly($"/{Guid.NewGuid():N}/together-1.0.0.tar.gz", content, TimeSpan.FromSeconds(4));
        checkout.ReplaceWheels(WheelYaml.Wheels(WheelYaml.UrlSource("together", "1.0.0", url, SourceArchives.Sha256(content))));

        using var first = await BuildCommand.StartAsync(checkout, TamperedSourceTests.SourcesRun);
        await first.WaitForLineAsync(l => l.Contains("together 1.0.0: downloading"), TimeSpan.FromMinutes(1));
        using var second = await BuildCommand.StartAsync(checkout, TamperedSourceTests.SourcesRun);
        var waiting = await second.WaitForLineAsync(l => l.Contains("Waiting for another DockerBuild run"), TimeSpan.FromMinutes(1));
        var firstResult = await first.WaitAsync(TimeSpan.FromMinutes(2));
        var secondResult = await second.WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Multiple(() =>
        {
            Assert.That(waiting, Does.Contain(checkout.StateDirectory).And.Contain($"run {first.ProcessId}"), "the message names the state directory and the holder");
            Assert.That(firstResult.ExitCode, Is.Zero, firstResult.StandardOutput);
            Assert.That(secondResult.ExitCode, Is.Zero, secondResult.StandardOutput);
            Assert.That(firstResult.StandardOutput, Does.Contain("together 1.0.0: interned as"));
            Assert.That(secondResult.StandardOutput, Does.Contain("together 1.0.0: already interned as"), "the second run reuses the first's work");
        });
        Assert.That(await StoreConsistency.CheckAsync(checkout.StateDirectory, StoreConsistency.Expectation.AfterCompletedRun), Is.Empty);
        ReliabilityLedger.Record("Two runs at once (Sources)",
            "two Sources --upload-sources runs on one state dir and store; the first downloads a slow source (4 s)",
            $"second printed \"{waiting.Trim()}\"; both exit 0; the second reused the interned source; store consistent");
    }

    [Test]
    public async Task AWaitingRunTakesOverWhenTheHolderIsKilled()
    {
        using var checkout = new ScratchCheckout();
        var content = SourceArchives.Wellformed("takeover", "1.0.0", padding: 1 << 20);
        var path = $"/{Guid.NewGuid():N}/takeover-1.0.0.tar.gz";
        var halfSent = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var url = _server.ServeStalling(path, content, halfSent);
        checkout.ReplaceWheels(WheelYaml.Wheels(WheelYaml.UrlSource("takeover", "1.0.0", url, SourceArchives.Sha256(content))));

        using var holder = await BuildCommand.StartAsync(checkout, TamperedSourceTests.SourcesRun);
        await halfSent.Task.WaitAsync(TimeSpan.FromMinutes(1));
        await holder.WaitForLineAsync(l => l.Contains("takeover-1.0.0.tar.gz:") && l.Contains(" / "), TimeSpan.FromMinutes(1));
        using var waiter = await BuildCommand.StartAsync(checkout, TamperedSourceTests.SourcesRun);
        await waiter.WaitForLineAsync(l => l.Contains("Waiting for another DockerBuild run"), TimeSpan.FromMinutes(1));
        _server.Serve(path, content);
        await holder.KillHardAsync();
        var result = await waiter.WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.Zero, result.StandardOutput);
            Assert.That(result.StandardOutput, Does.Contain("unfinished file(s)"), "the killed holder's partial download is swept and said so");
            Assert.That(result.StandardOutput, Does.Contain("takeover 1.0.0: interned as"));
        });
        Assert.That(await StoreConsistency.CheckAsync(checkout.StateDirectory, StoreConsistency.Expectation.AfterCompletedRun), Is.Empty);
        ReliabilityLedger.Record("Lock holder killed while another run waits (Sources)",
            "run A stalls mid-download holding the state lock; run B waits; SIGKILL to A",
            $"B took the lock (freed by the kernel), \"{TamperedSourceTests.FirstLineWith(result.StandardOutput, "unfinished file(s)")}\", interned the source, exit 0; store consistent");
    }
}
