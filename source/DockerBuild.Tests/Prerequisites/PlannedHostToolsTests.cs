using DockerBuild.Lifecycle;
using DockerBuild.Selection;
using DockerBuild.Tests.Reliability.Support;
using NUnit.Framework;

namespace DockerBuild.Tests.Prerequisites;

/// <summary>
/// What a run has Prerequisites install comes from its plan and options: the README's main job gets the programs
/// BuildWheel starts on the host, a run that does not build gets none of them, git and cipd only when asked for.
/// </summary>
[TestFixture]
[Category("Data")]
public sealed class PlannedHostToolsTests
{
    private static readonly string[] MainJob = ["Prerequisites", "Mirror", "Sources", "GenerateImage", "BuildWheel"];
    private static readonly string[] SourcesOnly = ["Sources"];

    private ScratchCheckout _checkout = null!;

    [OneTimeSetUp]
    public void WriteSpecs()
    {
        _checkout = new ScratchCheckout();
        Directory.CreateDirectory(Path.Combine(_checkout.Wheels, "patches"));
        File.WriteAllText(Path.Combine(_checkout.Wheels, "patches", "fix-build.patch"),
            "--- a/setup.py\n+++ b/setup.py\n@@ -1 +1 @@\n-old\n+new\n");
        File.WriteAllText(Path.Combine(_checkout.Wheels, "extra.yaml"), """
            wheels:
              - name: fromgit
                version: 1.0.0
                kind: SourceOrPrebuilt
                source:
                  kind: git
                  url: https://git.example.invalid/fromgit.git
                  commit: 0123456789abcdef0123456789abcdef01234567
                patches: [fix-build.patch]
            """);
    }

    [OneTimeTearDown]
    public void RemoveSpecs() => _checkout.Dispose();

    private List<string> Programs(IReadOnlyCollection<string> targets, string[] wheels, string? cipdService = null, string platform = "linux-arm64-py3.11")
    {
        var selection = BuildSelection.Load(new SelectionRequest
        {
            RootDirectory = _checkout.Root, Platforms = [platform], Wheels = wheels,
        });
        return PlannedHostTools.For(targets, selection, cipdService).Select(t => t.Program).ToList();
    }

    [Test]
    public void The_main_job_installs_patchelf_and_mmdebstrap_so_a_fresh_machine_can_repair_and_verify_wheels()
    {
        Assert.That(Programs(MainJob, ["zcodec"]), Does.Contain("patchelf").And.Contain("mmdebstrap"));
    }

    [Test]
    public void Building_a_wheel_that_declares_patches_also_installs_gnu_patch()
    {
        Assert.That(Programs(MainJob, ["fromgit"]), Does.Contain("patchelf").And.Contain("patch"));
        Assert.That(Programs(MainJob, ["zcodec"]), Does.Not.Contain("patch"), "no selected wheel declares patches");
    }

    [TestCase("Store")]
    [TestCase("Prerequisites", "Mirror")]
    [TestCase("Prerequisites", "Test")]
    public void A_run_that_builds_no_wheel_installs_none_of_the_wheel_tools(params string[] targets)
    {
        Assert.That(Programs(targets, ["fromgit"]), Does.Not.Contain("patchelf").And.Not.Contain("patch").And.Not.Contain("python3"));
    }

    [Test]
    public void Git_is_needed_only_when_a_selected_wheel_has_a_git_source()
    {
        Assert.That(Programs(SourcesOnly, ["fromgit"]), Does.Contain("git"));
        Assert.That(Programs(MainJob, ["fromgit"]), Does.Contain("git"));
        Assert.That(Programs(MainJob, ["zcodec", "fastsum"]), Does.Not.Contain("git"));
    }

    [Test]
    public void Only_a_run_of_sources_alone_needs_no_docker_engine()
    {
        Assert.That(PlannedHostTools.UsesEngine(["Prerequisites", .. SourcesOnly]), Is.False);
        Assert.That(PlannedHostTools.UsesEngine(MainJob), Is.True);
        Assert.That(PlannedHostTools.UsesEngine(["Prerequisites", "Mirror"]), Is.True);
        Assert.That(PlannedHostTools.UsesEngine(["Prerequisites", "Test"]), Is.True);
    }

    [Test]
    public void The_cipd_client_is_needed_only_with_a_cipd_service()
    {
        Assert.That(Programs(MainJob, ["zcodec"], cipdService: "https://cipd.example.invalid"), Does.Contain("cipd"));
        Assert.That(Programs(MainJob, ["zcodec"]), Does.Not.Contain("cipd"));
        Assert.That(Programs(MainJob, ["zcodec"], cipdService: ""), Does.Not.Contain("cipd"));
    }

    [Test]
    public void Python_with_pip_is_needed_on_the_host_only_to_download_published_wheels()
    {
        var published = PlannedHostTools.For(MainJob, BuildSelection.Load(new SelectionRequest
        {
            RootDirectory = _checkout.Root, Platforms = ["linux-arm64-py3.11"], Wheels = ["numpy"],
        }), null).Single(t => t.Program == "python3");

        Assert.That(published.DebianPackages, Does.Contain("python3-pip"));
        Assert.That(Programs(MainJob, ["zcodec"]), Does.Not.Contain("python3"));
    }
}
