using DockerBuild.Images;
using DockerBuild.Platforms;
using DockerBuild.Tests.Reliability.Support;
using DockerBuild.Tools.Process;
using NUnit.Framework;

namespace DockerBuild.Tests.Reliability.StoreCare;

/// <summary>
/// Prune on the real engine, against images this test makes (tiny imports labelled for a platform of the test's own,
/// so no one else's image is ever in scope): only content keys the scratch checkout no longer plans are listed, the
/// newest stale one per platform is kept by default, the current image is never touched, and --apply removes exactly
/// what was listed. State-directory leftovers are listed and removed the same way.
/// </summary>
[TestFixture, Category("Docker"), Category("StoreCare")]
public sealed class PruneTests
{
    private ScratchCheckout _checkout = null!;
    private string _platform = null!;
    private string _currentKey = null!;
    private readonly List<string> _made = [];

    [SetUp]
    public async Task MakeCheckoutAndImagesAsync()
    {
        _checkout = new ScratchCheckout();
        _platform = $"prunetest-x{Guid.NewGuid():N}"[..19] + "-py3.11";
        var x64 = File.ReadAllText(Path.Combine(_checkout.Platforms, "linux-x64-py3.11.yaml"));
        _checkout.WritePlatform(_platform + ".yaml", x64.Replace("name: linux-x64-py3.11", $"name: {_platform}").Replace("default: true", "default: false"));
        var platform = PlatformCatalog.Load(_checkout.Platforms).Find(_platform)!;
        _currentKey = ImagePlan.For(platform, new ImageSettings { StateDirectory = _checkout.StateDirectory }).Key;
        await ImportAsync(_currentKey);
        foreach (var n in new[] { 1, 2, 3 })
        {
            await Task.Delay(1100); // distinct creation times: "newest" is by the engine's Created, in seconds
            await ImportAsync(StaleKey(n));
        }
    }

    [TearDown]
    public async Task RemoveImagesAsync()
    {
        foreach (var reference in _made)
            await ProcessRunner.RunAsync(new ProcessSpec { FileName = "docker", Arguments = ["rmi", reference] }, CancellationToken.None);
        _checkout.Dispose();
    }

    private static string StaleKey(int n) => new string((char)('0' + n), 64);
    private string Reference(string key) => $"dockerbuild/{_platform}:{key}";

    private async Task ImportAsync(string key)
    {
        var tar = Path.Combine(_checkout.Directory, "image.tar");
        if (!File.Exists(tar))
        {
            var content = Directory.CreateDirectory(Path.Combine(_checkout.Directory, "image")).FullName;
            File.WriteAllText(Path.Combine(content, "marker"), "prune test\n");
            await RunOkAsync("tar", "-C", content, "-cf", tar, "marker");
        }
        await RunOkAsync("docker", "import", "--change", $"LABEL org.dockerbuild.content-key={key}", "--change", $"LABEL org.dockerbuild.platform={_platform}",
            tar, Reference(key));
        _made.Add(Reference(key));
    }

    private static async Task<ProcessResult> RunOkAsync(string program, params string[] arguments)
    {
        var result = await ProcessRunner.RunAsync(new ProcessSpec { FileName = program, Arguments = arguments }, CancellationToken.None);
        Assert.That(result.ExitCode, Is.Zero, $"{program} {string.Join(' ', arguments)}: {result.StandardError}");
        return result;
    }

    private async Task<bool> PresentAsync(string key) =>
        (await ProcessRunner.RunAsync(new ProcessSpec { FileName = "docker", Arguments = ["image", "inspect", Reference(key)] }, CancellationToken.None)).ExitCode == 0;

    [Test]
    public async Task ADryRunListsOnlyStaleImagesKeepsTheNewestAndTouchesNothing()
    {
        var result = await BuildCommand.RunAsync(_checkout, ["Prune", "--platform", _platform]);

        var output = result.StandardOutput;
        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.Zero, output + result.StandardError);
            Assert.That(output, Does.Contain(Reference(StaleKey(1))));
            Assert.That(output, Does.Contain(Reference(StaleKey(2))));
            Assert.That(output, Does.Not.Contain(Reference(StaleKey(3))), "the newest stale image is kept by default (--keep 1)");
            Assert.That(output, Does.Not.Contain(Reference(_currentKey)), "the image the checkout plans is never listed");
            Assert.That(output, Does.Contain("dry run: pass --apply"));
        });
        foreach (var key in new[] { _currentKey, StaleKey(1), StaleKey(2), StaleKey(3) })
            Assert.That(await PresentAsync(key), Is.True, $"a dry run removes nothing ({key[..8]})");
        ReliabilityLedger.Record("Prune: dry run", "one current and three stale test-made images of one platform, --keep 1",
            $"exit {result.ExitCode}; the two oldest stale listed; newest stale and current not listed; nothing removed");
    }

    [Test]
    public async Task ApplyRemovesExactlyTheListedImagesAndLeavesTheCurrentOne()
    {
        var listed = await BuildCommand.RunAsync(_checkout, ["Prune", "--platform", _platform, "--keep", "0"]);
        var applied = await BuildCommand.RunAsync(_checkout, ["Prune", "--platform", _platform, "--keep", "0", "--apply"]);

        Assert.Multiple(async () =>
        {
            Assert.That(applied.ExitCode, Is.Zero, applied.StandardOutput + applied.StandardError);
            Assert.That(applied.StandardOutput, Does.Contain("3 of 3 removed"));
            foreach (var n in new[] { 1, 2, 3 })
            {
                Assert.That(listed.StandardOutput, Does.Contain(Reference(StaleKey(n))));
                Assert.That(await PresentAsync(StaleKey(n)), Is.False, $"stale image {n} removed");
            }
            Assert.That(await PresentAsync(_currentKey), Is.True, "the current image stays");
        });
        ReliabilityLedger.Record("Prune --apply", "one current and three stale test-made images, --keep 0",
            $"exit {applied.ExitCode}; exactly the three listed removed; the current image stays");
    }

    [Test]
    public async Task AWholeCheckoutPruneListsToolsNoPlatformStartsFromAndNeverThePlannedTools()
    {
        var platform = PlatformCatalog.Load(_checkout.Platforms).Find(_platform)!;
        var planned = ImagePlan.For(platform, new ImageSettings { StateDirectory = _checkout.StateDirectory }).Tools.Reference;
        var stale = $"dockerbuild/tools-prunetest{Guid.NewGuid():N}"[..40] + ":" + StaleKey(4);
        var tar = Path.Combine(_checkout.Directory, "tools.tar");
        Directory.CreateDirectory(Path.Combine(_checkout.Directory, "tools"));
        File.WriteAllText(Path.Combine(_checkout.Directory, "tools", "marker"), "prune test tools\n");
        await RunOkAsync("tar", "-C", Path.Combine(_checkout.Directory, "tools"), "-cf", tar, "marker");
        await RunOkAsync("docker", "import", tar, stale);
        _made.Add(stale);

        var result = await BuildCommand.RunAsync(_checkout, ["Prune", "--keep", "0"]);

        Assert.That(result.ExitCode, Is.Zero, result.StandardOutput + result.StandardError);
        Assert.That(result.StandardOutput, Does.Contain(stale).And.Contain("suite tools"));
        Assert.That(result.StandardOutput, Does.Not.Contain(planned), "the tools the checkout's platforms start from are never listed");
    }

    [Test]
    public async Task LeftoversInTheStateDirectoryAreListedThenRemovedAndWhatIsPlannedStays()
    {
        var state = _checkout.StateDirectory;
        string Make(params string[] parts)
        {
            var directory = Directory.CreateDirectory(Path.Combine([state, .. parts])).FullName;
            File.WriteAllText(Path.Combine(directory, "file"), new string('x', 4096));
            return directory;
        }
        var staleSysroot = Make("sysroots", _platform, StaleKey(7));
        var currentSysroot = Make("sysroots", _platform, _currentKey);
        var staleTemp = Make("temp", "image-context-0123");
        var staleSource = Make("sources", "fastsum", "0.0.1");
        var declaredSource = Make("sources", "fastsum", "1.0.0");
        // Without an engine the images are not listed (and said so); the files are pruned all the same.
        var noEngine = new Dictionary<string, string?> { ["DOCKER_HOST"] = $"unix://{Path.Combine(_checkout.Directory, "no-engine.sock")}" };

        var listed = await BuildCommand.RunAsync(_checkout, ["Prune"], noEngine);
        var applied = await BuildCommand.RunAsync(_checkout, ["Prune", "--apply"], noEngine);

        Assert.Multiple(() =>
        {
            Assert.That(listed.ExitCode, Is.Zero, listed.StandardOutput + listed.StandardError);
            Assert.That(listed.StandardOutput, Does.Contain("no image is listed"));
            foreach (var stale in new[] { staleSysroot, staleTemp, staleSource })
            {
                Assert.That(listed.StandardOutput, Does.Contain(stale), "listed with its path");
                Assert.That(Directory.Exists(stale), Is.False, $"{stale} removed by --apply");
            }
            Assert.That(listed.StandardOutput, Does.Not.Contain(currentSysroot));
            Assert.That(listed.StandardOutput, Does.Not.Contain(declaredSource));
            Assert.That(Directory.Exists(currentSysroot) && Directory.Exists(declaredSource), Is.True, "what the checkout plans stays");
            Assert.That(applied.ExitCode, Is.Zero, applied.StandardOutput + applied.StandardError);
        });
        ReliabilityLedger.Record("Prune: state-directory leftovers, engine unreachable", "stale and current sysroot copies, a temp folder, an undeclared and a declared cached source",
            $"exit {applied.ExitCode}; images not listed (said so); stale ones listed with paths and removed; planned ones stay");
    }
}
