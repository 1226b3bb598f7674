using System.Diagnostics;
using DockerBuild.Images.Bases;
using DockerBuild.Lifecycle;
using DockerBuild.Prerequisites;
using DockerBuild.Selection;
using DockerBuild.Tools.Engine;
using DockerBuild.Tools.PatchElf;
using DockerBuild.Tools.Process;
using NUnit.Framework;

namespace DockerBuild.Tests.FreshMachine;

/// <summary>
/// The README's first command, <c>./build.sh</c>, on a machine that never ran the project rather than on the
/// developer's: a minimal Debian root with only the .NET SDK and the host's engine socket. Whatever the main job runs
/// on the host must be installed by the product itself, and the run must end with the default wheels built. Images
/// are found by content key in the shared engine, so after the suite's image and build tests this costs the SDK's
/// restore and compile, the product's apt-get installs and the wheel builds.
/// </summary>
[TestFixture]
[Category("FreshMachine")]
[NonParallelizable]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ReadmeMainJobTests
{
    [Test]
    public async Task The_first_command_of_the_readme_installs_what_it_needs_and_builds_the_default_wheels()
    {
        Assert.That(Environment.IsPrivilegedProcess, "this test makes a chroot and mounts in it: run the suite as root, as CI does");
        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(45));
        using var engine = ContainerEngine.FromEnvironment();
        var clock = Stopwatch.StartNew();
        await using var root = await FreshDebianRoot.CreateAsync(engine, TestContext.Progress, cancel.Token);
        var prepared = clock.Elapsed;

        // The programs the README says the main job installs, as the product declares them; the root must lack them
        // for the test to mean anything.
        HostTool[] installed = [DebianBootstrap.Mmdebstrap, PatchElfCli.Tool, EmulationCheck.UpdateBinfmts];
        Assert.That(installed.Where(t => root.Locate(t) is not null).Select(t => t.Program), Is.Empty,
            "the fresh root already holds programs the product must install");
        var selection = BuildSelection.Load(new SelectionRequest
        {
            RootDirectory = root.Checkout,
        }, packageIndexConfigured: false);
        var emulated = selection.LinuxPlatforms.Select(p => p.Qemu).OfType<string>().Distinct().ToList();
        Assert.That(emulated, Is.Not.Empty, "the default platforms include a foreign architecture");
        Assert.That(emulated.Where(a => File.Exists(root.HostPath($"/usr/bin/qemu-{a}-static"))), Is.Empty, "the fresh root has no QEMU");

        var log = Path.Combine(ResultsDirectory(), "fresh-machine-main-job.log");
        File.Delete(log);
        var run = await root.RunAsync("./build.sh", log, cancel.Token);
        var ran = clock.Elapsed - prepared;
        await TestContext.Progress.WriteLineAsync($"fresh root: prepared in {prepared.TotalSeconds:F0} s, ./build.sh ran {ran.TotalSeconds:F0} s (log: {log})");

        var output = run.StandardOutput + run.StandardError;
        Assert.That(run.ExitCode, Is.Zero, $"./build.sh failed in the fresh root; the end of its output:\n{Tail(output)}");
        var installs = output.Split('\n').Where(l => l.StartsWith("Installing ", StringComparison.Ordinal)).ToList();
        foreach (var tool in installed)
        {
            Assert.That(installs, Has.Some.Contains(tool.DebianPackages[0]), $"the product said it installed {tool.Program}");
            Assert.That(root.Locate(tool), Is.Not.Null, $"{tool.Program} is in the root after the run");
        }
        Assert.That(installs, Has.Some.Contains(EmulationCheck.QemuPackage), "the product said it installed QEMU");
        foreach (var architecture in emulated)
            Assert.That(File.Exists(root.HostPath($"/usr/bin/qemu-{architecture}-static")), $"qemu-{architecture}-static is in the root after the run");

        Assert.That(selection.PartitionPairs, Is.Not.Empty);
        foreach (var pair in selection.PartitionPairs)
        {
            var outputs = Path.Combine(root.Checkout, ".dockerbuild", "wheels", pair.Platform.Name);
            var prefix = $"{pair.Wheel.Name.Replace('-', '_')}-{pair.Wheel.Version}-";
            var wheels = Directory.Exists(outputs) ? Directory.GetFiles(outputs, prefix + "*.whl") : [];
            Assert.That(wheels, Has.Length.EqualTo(1), $"{pair.Wheel.Id} @ {pair.Platform.Name} was built into {outputs}");
        }
    }

    private static string ResultsDirectory() =>
        Environment.GetEnvironmentVariable("DOCKERBUILD_TEST_RESULTS") is { Length: > 0 } configured ? configured : TestContext.CurrentContext.WorkDirectory;

    private static string Tail(string text) => string.Join('\n', text.Split('\n').TakeLast(60));
}
