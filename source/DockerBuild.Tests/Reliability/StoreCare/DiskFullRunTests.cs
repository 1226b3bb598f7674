using System.Text.RegularExpressions;
using DockerBuild.Builds;
using DockerBuild.Builds.Outputs;
using DockerBuild.Builds.Verification;
using DockerBuild.Images;
using DockerBuild.Tests.Reliability.Support;
using DockerBuild.Tools.Engine;
using DockerBuild.Tools.Process;
using NUnit.Framework;

namespace DockerBuild.Tests.Reliability.StoreCare;

/// <summary>
/// Whole runs of the real build with <c>--state-dir</c> on a 64 MiB tmpfs: BuildWheel (fastsum on linux-x64-py3.11,
/// whose image the engine already holds) while the disk fills up during its build container, then Upload --upload
/// started with one more page of room each time, from none until it fails writing the index (so the state lock, packing,
/// the store and the index each meet the full disk). Each fails with the one line <c>no space left on &lt;path&gt; (needed ≈N MiB, free M MiB)</c>
/// and no stack trace, leaves nothing half-written in the store, outputs or index, Store --verify finds everything fine,
/// and once the filler is deleted the rerun completes. Needs root (to mount).
/// </summary>
[TestFixture, Category("Reliability"), Category("StoreCare")]
public sealed partial class DiskFullRunTests
{
    private const string Platform = InterruptedWheelBuildTests.Platform;
    private static readonly string[] UploadFastsum = ["Upload", "--skip", "--upload", "--platform", Platform, "--wheel", "fastsum"];

    [GeneratedRegex(@"no space left on (?<path>\S+) \(needed ≈(\d+|\?) MiB, free \d+ MiB\)")]
    private static partial Regex FullDiskLine();

    [Test]
    public async Task RunsOnAFillingDiskFailInOneLineLeaveNothingHalfWrittenAndCompleteOnceSpaceIsFreed()
    {
        using var checkout = new ScratchCheckout();
        // The verification rootfs, made outside the small disk when this engine lacks it: bootstrapping takes far more room.
        using (var rootfsEngine = ContainerEngine.FromEnvironment())
            await VerificationRootfs.EnsureAsync("bookworm", "amd64", [], new ImageSettings { StateDirectory = Path.Combine(checkout.Directory, "rootfs") },
                rootfsEngine, TextWriter.Null, CancellationToken.None);
        await using var disk = await SmallFilesystem.MountAsync(checkout.StateDirectory, sizeMib: 64);
        using var engine = new BuildContainers(checkout.StateDirectory);
        var outputs = Path.Combine(checkout.StateDirectory, "wheels");
        var index = Path.Combine(checkout.StateDirectory, "index");
        var rows = new List<string>();

        // BuildWheel: another program fills the disk while the build container runs.
        using (var build = await BuildCommand.StartAsync(checkout, InterruptedWheelBuildTests.FastsumBuild))
        {
            await engine.WaitForRunningAsync(BuildContainers.Toolchain(Platform), build, TimeSpan.FromMinutes(3));
            await disk.FillUpAsync();
            var failed = await build.WaitAsync(TimeSpan.FromMinutes(3));
            var line = await AssertFailedCleanlyAsync(failed, checkout, "BuildWheel with the disk filled during its build container");
            Assert.That(Directory.Exists(outputs) ? Directory.EnumerateFiles(outputs, "*", SearchOption.AllDirectories).ToList() : [], Is.Empty, "no half output");
            rows.Add($"BuildWheel, disk filled while the build ran: \"{line}\"");
        }
        disk.Free();
        await AssertVerifyFindsEverythingFineAsync(checkout, "after the failed BuildWheel");
        var built = await BuildCommand.RunAsync(checkout, InterruptedWheelBuildTests.FastsumBuild);
        Assert.That(built.ExitCode, Is.Zero, "the rerun builds once space is freed:\n" + built.StandardOutput);
        var wheel = Directory.GetFiles(Path.Combine(outputs, Platform), "*.whl").Single();
        var wheelBytes = new FileInfo(wheel).Length;

        // Upload: started with one more page of room each time (the filesystem allocates whole pages), from none until
        // it fails while writing the index, so every step that writes meets the full disk once: the state lock, packing
        // the wheel, the store (its lock, the instance, index.json), the PEP 503 index.
        var page = Environment.SystemPageSize;
        var store = StoreConsistency.Snapshot(checkout.StateDirectory);
        var storeDirectory = Path.Combine(checkout.StateDirectory, "cipd");
        var pristine = Path.Combine(checkout.Directory, "pristine-cipd");
        if (Directory.Exists(storeDirectory)) await CopyAsync(storeDirectory, pristine);
        var steps = new List<(string Step, int Pages, string Line)>();
        for (var pages = 0; steps.Count == 0 || steps[^1].Step != "the index"; pages++)
        {
            Assert.That(pages, Is.LessThan(64), "Upload fails writing the index with some room less than it needs");
            await disk.LeaveFreeAsync((long)pages * page);
            var failed = await BuildCommand.RunAsync(checkout, UploadFastsum);
            var line = await AssertFailedCleanlyAsync(failed, checkout, $"Upload with {pages} page(s) free");
            var step = StepOf(FullDiskLine().Match(line).Groups["path"].Value, checkout.StateDirectory);
            var indexNow = SimpleIndexSnapshot.Read(index);
            Assert.Multiple(() =>
            {
                Assert.That(indexNow.Projects, Is.Empty, $"no index is written half (Upload with {pages} page(s) free)");
                Assert.That(indexNow.Problems, Is.Empty);
                // Failing before the store leaves it as it was; in it or after it, the instance is absent or registered whole
                // (the consistency check above: no instance file without its index entry, no tag or ref to a missing one).
                if (step is "the state lock" or "packing") Assert.That(StoreConsistency.Snapshot(checkout.StateDirectory), Is.EqualTo(store), $"the store after Upload with {pages} page(s) free");
            });
            steps.Add((step, pages, line));
            disk.Free();
            // Each attempt starts from the same store: one that got as far as registering would make the next need less.
            if (!StoreConsistency.Snapshot(checkout.StateDirectory).SequenceEqual(store))
            {
                Directory.Delete(storeDirectory, recursive: true);
                if (Directory.Exists(pristine)) await CopyAsync(pristine, storeDirectory);
            }
        }
        Assert.That(steps.Select(s => s.Step).Distinct(), Is.EqualTo(new[] { "the state lock", "packing", "the store", "the index" }),
            "each writing step met the full disk, in the order Upload writes");
        foreach (var group in steps.GroupBy(s => s.Step))
            rows.Add($"Upload with {group.First().Pages}{(group.Count() > 1 ? $"–{group.Last().Pages}" : "")} page(s) free fails in {group.Key}: \"{group.Last().Line}\"");
        await AssertVerifyFindsEverythingFineAsync(checkout, "after the failed Uploads");

        var uploaded = await BuildCommand.RunAsync(checkout, UploadFastsum);
        var final = SimpleIndexSnapshot.Read(index);
        Assert.Multiple(() =>
        {
            Assert.That(uploaded.ExitCode, Is.Zero, "the rerun uploads once space is freed:\n" + uploaded.StandardOutput);
            Assert.That(final.Projects, Is.EqualTo(new[] { "fastsum" }));
            Assert.That(final.Problems, Is.Empty);
        });
        await AssertVerifyFindsEverythingFineAsync(checkout, "after the completed Upload");
        ReliabilityLedger.Record("Disk full through whole runs (BuildWheel, Upload)",
            $"fastsum on {Platform} ({wheelBytes}-byte wheel), --state-dir on a 64 MiB tmpfs; filled during the build container, then Upload started with 0, 1, 2, … pages free until it failed in the index",
            string.Join("; ", rows) + "; no stack trace; no half output, store instance or index; Store --verify fine after each; reruns complete once the filler is deleted");
    }

    private static async Task CopyAsync(string from, string to)
    {
        var copy = await ProcessRunner.RunAsync(new ProcessSpec { FileName = "cp", Arguments = ["-a", from, to] });
        Assert.That(copy.Succeeded, Is.True, $"cp -a {from} {to}: {copy.StandardError}");
    }

    /// <summary>Which writing step a path the line names belongs to.</summary>
    private static string StepOf(string path, string state) => Path.GetRelativePath(state, path) switch
    {
        var p when p.StartsWith(".lock", StringComparison.Ordinal) => "the state lock",
        var p when p.StartsWith("temp", StringComparison.Ordinal) => "packing",
        var p when p.StartsWith("cipd", StringComparison.Ordinal) => "the store",
        var p when p.StartsWith("index", StringComparison.Ordinal) => "the index",
        var p => p,
    };

    /// <summary>The failed run printed the one line (returned) and no stack trace, and left the store consistent and no temporary.</summary>
    private static async Task<string> AssertFailedCleanlyAsync(ProcessResult result, ScratchCheckout checkout, string what)
    {
        var output = result.StandardOutput + result.StandardError;
        var line = output.Split('\n').FirstOrDefault(l => FullDiskLine().IsMatch(l))?.Trim();
        var problems = await StoreConsistency.CheckAsync(checkout.StateDirectory, StoreConsistency.Expectation.AfterCompletedRun);
        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.Not.Zero, what);
            Assert.That(line, Is.Not.Null, $"{what}: the one line about the full disk\n{output}");
            Assert.That(output, Does.Not.Contain("   at ").And.Not.Contain("Exception"), $"{what}: no stack trace or exception type");
            Assert.That(problems, Is.Empty, what);
        });
        return line!;
    }

    private static async Task AssertVerifyFindsEverythingFineAsync(ScratchCheckout checkout, string when)
    {
        var verify = await BuildCommand.RunAsync(checkout, ["Store", "--verify"]);
        Assert.That(verify.ExitCode, Is.Zero, $"Store --verify {when}:\n{verify.StandardOutput}");
        Assert.That(verify.StandardOutput, Does.Contain("Everything is fine."), $"Store --verify {when} repairs nothing:\n{verify.StandardOutput}");
    }
}
