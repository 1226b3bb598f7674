using System.Text.Json.Nodes;
using DockerBuild.Packaging;
using DockerBuild.Tests.Reliability.Support;
using DockerBuild.Tools.Process;
using NUnit.Framework;

namespace DockerBuild.Tests.Reliability.StoreCare;

/// <summary>
/// <c>./build.sh Store --verify</c> on a state directory damaged by hand, one kind of stored file at a time: each thing
/// is repaired from a verified copy or named as lost, the quarantine keeps the damaged bytes, the exit code says
/// whether anything was lost, and a second verify finds everything fine.
/// </summary>
[TestFixture, Category("Reliability"), Category("StoreCare")]
public sealed class StoreVerifyTests
{
    private const string SourcePackage = "infra/third_party/source/" + DamagedState.UrlSource;
    private const string LocalPackage = "infra/third_party/source/romanum";
    private const string WheelPackage = "infra/python/wheels/romanum-py3";

    private LoopbackSourceServer _server = null!;

    [OneTimeSetUp]
    public async Task StartServerAsync() => _server = await LoopbackSourceServer.StartAsync();

    [OneTimeTearDown]
    public async Task StopServerAsync() => await _server.DisposeAsync();

    private static string Output(ProcessResult result) => result.StandardOutput + result.StandardError;

    /// <summary>Runs Store --verify, which must fail naming each of <paramref name="lost"/> on a LOST line.</summary>
    private static async Task<ProcessResult> VerifyLosingAsync(DamagedState state, params string[] lost)
    {
        var result = await state.VerifyAsync();
        Assert.That(result.ExitCode, Is.Not.Zero, Output(result));
        foreach (var line in lost) Assert.That(result.StandardOutput, Does.Contain("LOST     " + line));
        return result;
    }

    private static async Task AssertFineAgainAsync(DamagedState state)
    {
        var again = await state.VerifyAsync();
        Assert.That(again.ExitCode, Is.Zero, Output(again));
        Assert.That(again.StandardOutput, Does.Contain("Everything is fine."), "a second verify finds nothing to do");
    }

    [Test]
    public async Task AnUndamagedStateIsAllFineAndNothingIsMoved()
    {
        using var state = await DamagedState.MakeAsync(_server);
        var result = await state.VerifyAsync();
        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.Zero, Output(result));
            Assert.That(result.StandardOutput, Does.Contain("Everything is fine."));
            Assert.That(result.StandardOutput, Does.Match(@"store instances\s+3\s+0\s+0"), "two sources and one wheel");
            Assert.That(Directory.Exists(state.Quarantine), Is.False);
        });
        ReliabilityLedger.Record("Store --verify: undamaged", "two interned sources, one output uploaded and indexed", $"exit {result.ExitCode}; every area fine; no quarantine");
    }

    [TestCase(SourcePackage, "re-interned from the Sources cache file", TestName = "A corrupt url source instance is re-interned from the Sources cache")]
    [TestCase(LocalPackage, "re-packed from its local directory", TestName = "A corrupt local source instance is re-packed from its directory")]
    [TestCase(WheelPackage, "re-registered from the output", TestName = "A corrupt wheel instance is re-registered from the output whose record matches")]
    public async Task ACorruptInstanceIsRepairedFromAVerifiedCopy(string package, string from)
    {
        using var state = await DamagedState.MakeAsync(_server);
        var instance = state.InstanceFile(package);
        var damaged = DamagedState.Damage(instance);

        var result = await state.VerifyAsync();

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.Zero, Output(result));
            Assert.That(result.StandardOutput, Does.Contain($"repaired store instances: {package}:"));
            Assert.That(result.StandardOutput, Does.Contain(from));
            Assert.That(state.QuarantineHolds(damaged), Is.True, "the damaged instance bytes are kept");
            Assert.That(File.ReadAllBytes(instance), Is.Not.EqualTo(damaged));
        });
        await AssertFineAgainAsync(state);
        ReliabilityLedger.Record($"Store --verify: corrupt instance of {package}", "one byte flipped in the instance file", $"exit {result.ExitCode}; repaired ({from}); damaged bytes in the quarantine; second verify fine");
    }

    [Test]
    public async Task ARunThatMeetsACorruptInstanceSaysToRunVerify()
    {
        using var state = await DamagedState.MakeAsync(_server);
        DamagedState.Damage(state.InstanceFile(WheelPackage));
        // Writing the index afresh has to read the instance.
        Directory.Delete(Path.Combine(state.State, "index"), recursive: true);

        var refused = await state.RunAsync("Upload", "--skip", "--platform", "universal", "--wheel", "romanum");

        Assert.That(refused.ExitCode, Is.Not.Zero);
        Assert.That(Output(refused), Does.Contain("the store is corrupt; run ./build.sh Store --verify"));
        Assert.That((await state.VerifyAsync()).ExitCode, Is.Zero, "and that repairs it");
        ReliabilityLedger.Record("Corrupt instance met by Upload", "wheel instance byte flipped, index folder removed", $"exit {refused.ExitCode}; refusal says to run ./build.sh Store --verify, which repairs it");
    }

    [Test]
    public async Task AnOutputAndItsInstanceBothDamagedAreNamedLostAndMovedAsideAndTheExitCodeSaysSo()
    {
        using var state = await DamagedState.MakeAsync(_server);
        var instance = state.InstanceFile(WheelPackage);
        var damagedInstance = DamagedState.Damage(instance);
        var damagedOutput = DamagedState.Damage(state.OutputWheel);

        var result = await VerifyLosingAsync(state, $"store instances: {WheelPackage}:", $"outputs: {DamagedState.WheelFileName}");

        Assert.Multiple(() =>
        {
            Assert.That(result.StandardOutput, Does.Contain("BuildWheel builds it again"));
            Assert.That(state.QuarantineHolds(damagedInstance) && state.QuarantineHolds(damagedOutput), Is.True, "both damaged files are kept");
            Assert.That(File.Exists(instance) || File.Exists(state.OutputWheel), Is.False, "neither is left where a run would trip over it");
        });
        await AssertFineAgainAsync(state);
        ReliabilityLedger.Record("Store --verify: output and its instance both damaged", "a byte flipped in each", $"exit {result.ExitCode}; both named LOST with the step that rebuilds them; both damaged files in the quarantine");
    }

    [Test]
    public async Task ASourceWhoseCacheFileAndInstanceAreDamagedAndCannotBeDownloadedIsLost()
    {
        using var state = await DamagedState.MakeAsync(_server);
        var cacheFile = Directory.EnumerateFiles(Path.Combine(state.State, "sources", DamagedState.UrlSource), "*", SearchOption.AllDirectories).Single();
        var damagedCache = DamagedState.Damage(cacheFile);
        var damagedInstance = DamagedState.Damage(state.InstanceFile(SourcePackage));
        // The same pin, now served nowhere: the only verified copies were the two damaged ones.
        var yaml = Directory.EnumerateFiles(state.Checkout.Wheels, "*.yaml").Single();
        File.WriteAllText(yaml, System.Text.RegularExpressions.Regex.Replace(File.ReadAllText(yaml), @"url: \S+", $"url: {_server.BaseAddress}gone/goodpkg-1.0.0.tar.gz"));

        var result = await VerifyLosingAsync(state, $"sources cache: {DamagedState.UrlSource} 1.0.0", $"store instances: {SourcePackage}:");

        Assert.That(state.QuarantineHolds(damagedCache) && state.QuarantineHolds(damagedInstance), Is.True, "both damaged files are kept");
        await AssertFineAgainAsync(state);
        ReliabilityLedger.Record("Store --verify: source cache file and instance damaged, source unreachable", "a byte flipped in each, url no longer served", $"exit {result.ExitCode}; both named LOST; both damaged files in the quarantine");
    }

    [Test]
    public async Task AnUnreadableIndexIsLostWithItsPackageMovedAsideWhole()
    {
        using var state = await DamagedState.MakeAsync(_server);
        var index = state.IndexFile(SourcePackage);
        var damaged = File.ReadAllBytes(index)[..40];
        File.WriteAllBytes(index, damaged);

        var result = await VerifyLosingAsync(state, $"store indexes: package {SourcePackage}");

        Assert.Multiple(() =>
        {
            Assert.That(state.QuarantineHolds(damaged), Is.True);
            Assert.That(File.Exists(index), Is.False);
        });
        // What was lost is made again by the step the line names.
        await state.RunOkAsync("Sources", "--upload-sources", "--platform", "universal");
        await AssertFineAgainAsync(state);
        ReliabilityLedger.Record("Store --verify: truncated index.json", "a source package index cut to 40 bytes", $"exit {result.ExitCode}; package named LOST and moved aside whole; Sources --upload-sources interns it again");
    }

    [Test]
    public async Task ARefToAMissingInstanceIsDroppedAndNamedAndUploadSetsItAgain()
    {
        using var state = await DamagedState.MakeAsync(_server);
        var index = state.IndexFile(WheelPackage);
        var json = JsonNode.Parse(File.ReadAllText(index))!;
        json["refs"]!["latest"]!["instance_id"] = new string('A', 43) + "C";
        File.WriteAllText(index, json.ToJsonString());

        var result = await VerifyLosingAsync(state, $"store refs: {WheelPackage}@latest");

        Assert.That(File.ReadAllText(index), Does.Not.Contain("\"latest\""), "the ref is dropped");
        var upload = await state.RunOkAsync("Upload", "--skip", "--upload", "--platform", "universal", "--wheel", "romanum");
        Assert.That(upload.StandardOutput, Does.Contain("moved ref infra/python/wheels/romanum-py3@latest"));
        await AssertFineAgainAsync(state);
        ReliabilityLedger.Record("Store --verify: dangling ref", "latest pointed at an unknown instance ID", $"exit {result.ExitCode}; ref named LOST and dropped; Upload --upload sets it again");
    }

    [TestCase("output", "restored from store instance", TestName = "A changed output is restored from the store")]
    [TestCase("cache", "restored from store instance", TestName = "A changed Sources-cache file is restored from the store")]
    [TestCase("index", "the index was written again from the store", TestName = "A changed index file is restored by writing the index again")]
    public async Task ADamagedFileIsRestoredFromAVerifiedCopy(string which, string how)
    {
        using var state = await DamagedState.MakeAsync(_server);
        var file = which switch
        {
            "output" => state.OutputWheel,
            "cache" => Directory.EnumerateFiles(Path.Combine(state.State, "sources", DamagedState.UrlSource), "*", SearchOption.AllDirectories).Single(),
            _ => Directory.EnumerateFiles(Path.Combine(state.State, "index", "files"), "*.whl", SearchOption.AllDirectories).Single(),
        };
        var original = File.ReadAllBytes(file);
        var damaged = DamagedState.Damage(file);

        var result = await state.VerifyAsync();

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.Zero, Output(result));
            Assert.That(result.StandardOutput, Does.Contain("repaired ").And.Contain(how));
            Assert.That(File.ReadAllBytes(file), Is.EqualTo(original));
            Assert.That(state.QuarantineHolds(damaged), Is.True);
        });
        await AssertFineAgainAsync(state);
        ReliabilityLedger.Record($"Store --verify: changed {which} file", "one byte flipped", $"exit {result.ExitCode}; repaired ({how}); original bytes back; damaged bytes in the quarantine");
    }
}
