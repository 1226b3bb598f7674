using System.Diagnostics;
using System.Text.Json;
using DockerBuild.Tests.Reliability.Support;
using DockerBuild.Tests.Uploads;
using DockerBuild.Tools.Process;
using NUnit.Framework;

namespace DockerBuild.Tests.Reliability;

/// <summary>
/// Upload --upload killed with SIGKILL at a sweep of moments (refined by bisection towards the moment between
/// registering an instance and moving its refs), each attempt from the same starting store: zcodec already uploaded
/// and indexed, fastsum to be registered. After every kill no ref names a missing instance, and the PEP 503 index is
/// the old one or the new one, complete and pip-installable, never a mix; the rerun moves the refs.
/// </summary>
[TestFixture, Category("Reliability")]
public sealed class InterruptedUploadTests
{
    private const string Platform = InterruptedWheelBuildTests.Platform;
    private static readonly string[] UploadFastsum = ["Upload", "--skip", "--upload", "--platform", Platform, "--wheel", "fastsum"];

    /// <summary>How far a killed Upload got, in order; the window the brief is about is <see cref="RegisteredNoRefs"/>.</summary>
    private enum Phase { NotRegistered, InstanceFileNotIndexed, RegisteredNoRefs, SomeRefs, RefsMoved, Finished }
    private const Phase RegisteredNoRefs = Phase.RegisteredNoRefs;

    [Test]
    public async Task KilledAtASweepOfMomentsNoRefNamesAMissingInstanceAndTheIndexIsOldOrNew()
    {
        await RealPip.RequireAsync();
        using var checkout = new ScratchCheckout();
        var built = await BuildCommand.RunAsync(checkout, ["BuildWheel", "--platform", Platform, "--wheel", "fastsum", "zcodec"]);
        Assert.That(built.ExitCode, Is.Zero, built.StandardOutput);
        var first = await BuildCommand.RunAsync(checkout, ["Upload", "--skip", "--upload", "--platform", Platform, "--wheel", "zcodec"]);
        Assert.That(first.ExitCode, Is.Zero, first.StandardOutput);
        var pristine = Path.Combine(checkout.Directory, "pristine");
        await CopyStateAsync(checkout.StateDirectory, pristine);
        var index = Path.Combine(checkout.StateDirectory, "index");
        var oldIndex = SimpleIndexSnapshot.Read(index);
        Assert.That(oldIndex.Projects, Is.EqualTo(new[] { "zcodec" }));

        var attempts = new List<(int Delay, Phase Phase, string Index)>();
        var installed = new HashSet<string>();
        string? windowState = null;
        var writingSeen = 0;
        async Task AttemptAsync(int delay)
        {
            await RestoreStateAsync(pristine, checkout.StateDirectory);
            using var upload = await BuildCommand.StartAsync(checkout, UploadFastsum);
            await upload.WaitForLineAsync(l => l.Trim() == "Upload", TimeSpan.FromMinutes(1));
            var clock = Stopwatch.StartNew();
            while (clock.ElapsedMilliseconds < delay) Thread.SpinWait(200);
            var finished = upload.HasExited;
            await upload.KillHardAsync();

            var phase = finished ? Phase.Finished : PhaseOf(checkout.Store);
            var snapshot = SimpleIndexSnapshot.Read(index);
            var problems = await StoreConsistency.CheckAsync(checkout.StateDirectory, StoreConsistency.Expectation.AfterInterruption);
            Assert.Multiple(() =>
            {
                Assert.That(problems, Is.Empty, $"the store after SIGKILL {delay} ms into Upload ({phase})");
                Assert.That(snapshot.Problems, Is.Empty, $"the index after SIGKILL {delay} ms into Upload");
                Assert.That(snapshot.Projects, Is.EqualTo(new[] { "zcodec" }).Or.EqualTo(new[] { "fastsum", "zcodec" }),
                    $"the index after SIGKILL {delay} ms is the old or the new one");
            });
            var which = snapshot.Projects.Contains("fastsum") ? "new index" : "old index";
            // A generation folder beside the served one (and the one it replaced) is a new index being written.
            if (which == "old index" && Directory.EnumerateDirectories(index, ".simple-*").Count() > 1) writingSeen++;
            attempts.Add((delay, phase, which));
            // Each distinct index a reader could have met is installed from once with pip.
            if (installed.Add(which))
                foreach (var project in snapshot.Projects)
                    await RealPip.InstallAsync(new Uri(Path.Combine(index, "simple")).AbsoluteUri, project, Path.Combine(checkout.Directory, $"site-{which}-{project}".Replace(' ', '-')));
            if (phase == RegisteredNoRefs && windowState is null)
                await CopyStateAsync(checkout.StateDirectory, windowState = Path.Combine(checkout.Directory, "window"));
        }

        foreach (var delay in new[] { 0, 20, 40, 60, 80, 100, 130, 160, 200, 260, 350, 450, 600, 800 })
        {
            await AttemptAsync(delay);
            if (attempts[^1].Phase == Phase.Finished) break; // later moments would find it finished too
        }
        // Bisect between the last moment still before registration and the first with refs moved.
        for (var extra = 0; extra < 8 && windowState is null; extra++)
        {
            var before = attempts.Where(a => a.Phase < RegisteredNoRefs).Select(a => a.Delay).DefaultIfEmpty(0).Max();
            var after = attempts.Where(a => a.Phase > RegisteredNoRefs && a.Delay > before).Select(a => a.Delay).DefaultIfEmpty(before + 40).Min();
            if (after - before < 2) break;
            await AttemptAsync((before + after) / 2);
        }

        // The rerun starts from the window's state when a kill hit it (else from the last kill's).
        if (windowState is not null) await RestoreStateAsync(windowState, checkout.StateDirectory);
        var rerun = await BuildCommand.RunAsync(checkout, UploadFastsum);
        var final = SimpleIndexSnapshot.Read(index);
        var site = Path.Combine(checkout.Directory, "site-final");
        await RealPip.InstallAsync(new Uri(Path.Combine(index, "simple")).AbsoluteUri, "fastsum", site);
        var computed = await RealPip.ImportAsync(site, "import fastsum; print(fastsum.dot([1, 2, 3], [4, 5, 6]))");
        var refs = RefsOf(checkout.Store);
        var problemsAfter = await StoreConsistency.CheckAsync(checkout.StateDirectory, StoreConsistency.Expectation.AfterCompletedRun);
        Assert.Multiple(() =>
        {
            Assert.That(rerun.ExitCode, Is.Zero, rerun.StandardOutput);
            Assert.That(refs, Is.EquivalentTo(new[] { "1.0.x", "1.x", "latest" }), "the rerun moved every ref of the fastsum package");
            Assert.That(final.Projects, Is.EqualTo(new[] { "fastsum", "zcodec" }));
            Assert.That(final.Problems, Is.Empty);
            Assert.That(computed, Is.EqualTo("32.0"), "fastsum installed from the index computes");
            Assert.That(problemsAfter, Is.Empty);
        });
        var hits = attempts.GroupBy(a => a.Phase).OrderBy(g => g.Key).Select(g => $"{g.Key} ×{g.Count()}");
        ReliabilityLedger.Record("SIGKILL during Upload (registration, refs, index)",
            $"Upload --upload of fastsum ({Platform}) onto a store and index holding zcodec; SIGKILL {attempts.Count} times at "
            + $"{string.Join(", ", attempts.Select(a => a.Delay))} ms after the target started, each from the same starting state",
            $"phases hit: {string.Join(", ", hits)}; indexes seen: {string.Join(" and ", installed)} (each pip-installed), never a mix"
            + $"{(writingSeen > 0 ? $" ({writingSeen} kill(s) while a new index generation was being written: the old one was served)" : "")}; "
            + $"no ref to a missing instance; rerun{(windowState is null ? " (the registered-but-no-refs moment was not hit)" : " from the registered-but-no-refs state")} "
            + $"exit 0, moved {string.Join(", ", refs)}, pip install fastsum from the index works");
    }

    /// <summary>The fastsum package's state in the local store, read from its index.json.</summary>
    private static Phase PhaseOf(string store)
    {
        var index = PackageIndex(store);
        if (index is null)
            return Directory.Exists(store) && Directory.EnumerateFiles(store, "*.cipd", SearchOption.AllDirectories)
                .Any(f => f.Contains($"{Path.DirectorySeparatorChar}fastsum{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
                ? Phase.InstanceFileNotIndexed : Phase.NotRegistered;
        using var document = JsonDocument.Parse(File.ReadAllBytes(index));
        var instances = document.RootElement.GetProperty("instances").GetArrayLength();
        var refs = document.RootElement.GetProperty("refs").EnumerateObject().Count();
        return instances == 0 ? Phase.NotRegistered : refs == 0 ? Phase.RegisteredNoRefs : refs < 3 ? Phase.SomeRefs : Phase.RefsMoved;
    }

    private static IReadOnlyList<string> RefsOf(string store)
    {
        var index = PackageIndex(store);
        if (index is null) return [];
        using var document = JsonDocument.Parse(File.ReadAllBytes(index));
        return document.RootElement.GetProperty("refs").EnumerateObject().Select(r => r.Name).ToList();
    }

    private static string? PackageIndex(string store) =>
        Directory.Exists(store)
            ? Directory.EnumerateFiles(store, "index.json", SearchOption.AllDirectories)
                .FirstOrDefault(f => f.Contains($"{Path.DirectorySeparatorChar}fastsum{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            : null;

    /// <summary>The store and the index (with the index's symlink) copied aside with cp -a.</summary>
    private static async Task CopyStateAsync(string stateDirectory, string destination)
    {
        if (Directory.Exists(destination)) Directory.Delete(destination, recursive: true);
        Directory.CreateDirectory(destination);
        foreach (var part in new[] { "cipd", "index" })
            await CopyAsync(Path.Combine(stateDirectory, part), Path.Combine(destination, part));
    }

    private static async Task RestoreStateAsync(string saved, string stateDirectory)
    {
        foreach (var part in new[] { "cipd", "index" })
        {
            var target = Path.Combine(stateDirectory, part);
            if (Directory.Exists(target)) Directory.Delete(target, recursive: true);
            await CopyAsync(Path.Combine(saved, part), target);
        }
    }

    private static async Task CopyAsync(string from, string to)
    {
        var result = await ProcessRunner.RunAsync(new ProcessSpec { FileName = "cp", Arguments = ["-a", from, to] });
        Assert.That(result.Succeeded, Is.True, $"cp -a {from} {to}: {result.StandardError}");
    }
}
