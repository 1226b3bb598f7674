using DockerBuild.Builds;
using DockerBuild.Builds.Containers;
using DockerBuild.Builds.Preparation;
using DockerBuild.Lifecycle;
using DockerBuild.Platforms;
using DockerBuild.Sources;
using DockerBuild.Tests.Data;
using DockerBuild.Wheels;
using NUnit.Framework;

namespace DockerBuild.Tests.Builds;

/// <summary>
/// What decides a build without running one: the build key (which inputs change it and which do not), the patch
/// step with GNU patch, the network diagnosis of a failed build's log, the cross environment, and published wheels
/// without an index.
/// </summary>
[TestFixture]
[Category("Builds")]
public sealed class BuildInputsTests
{
    private static readonly PlatformCatalog Platforms = PlatformCatalog.Load(RepositoryRoot.Platforms);
    private static readonly WheelCatalog Wheels = WheelCatalog.Load(RepositoryRoot.Wheels, Platforms);

    private static WheelPair Pair(string wheel, string platform) =>
        new(Wheels.All.Single(w => w.Name == wheel), Platforms.Find(platform)!, false);

    private static string Key(WheelPair pair, string instance = "inst-1", string image = "image-1", params (string, byte[])[] patches) =>
        WheelBuildKey.Compute(new WheelBuildKeyInputs(pair, instance, patches, image, null));

    [Test]
    public void TheKeyIsStableForTheSameInputs() =>
        Assert.That(Key(Pair("fastsum", "linux-arm64-py3.11")), Is.EqualTo(Key(Pair("fastsum", "linux-arm64-py3.11"))));

    [Test]
    public void EveryInputChangesTheKey()
    {
        var pair = Pair("fastsum", "linux-arm64-py3.11");
        var keys = new[]
        {
            Key(pair),
            Key(pair, instance: "inst-2"),
            Key(pair, image: "image-2"),
            Key(pair, patches: ("fix.patch", "a"u8.ToArray())),
            Key(pair, patches: ("fix.patch", "b"u8.ToArray())),
            Key(Pair("fastsum", "linux-armv7-py3.11")),
            Key(pair with { Wheel = pair.Wheel with { Version = "1.0.1" } }),
            Key(pair with { Wheel = pair.Wheel with { TargetLibraries = ["libffi-dev"] } }),
        };
        Assert.That(keys, Is.Unique);
    }

    [Test]
    public void WhereTheSpecFileLivesDoesNotChangeTheKey()
    {
        var pair = Pair("fastsum", "linux-x64-py3.11");
        var moved = pair with { Wheel = pair.Wheel with { SourceFile = "/elsewhere/wheels/local.yaml", DeclaredAt = "/elsewhere/wheels/local.yaml:5:5" } };
        Assert.That(Key(moved), Is.EqualTo(Key(pair)));
    }

    // A source with module.c and wheels/patches/fix.patch, which expects two() to return expectedTwo (the source says 2).
    private static (string Source, WheelSpec Spec) PatchScratch(string root, int expectedTwo)
    {
        var source = Directory.CreateDirectory(Path.Combine(root, "src")).FullName;
        File.WriteAllText(Path.Combine(source, "module.c"), "int one(void) { return 1; }\nint two(void) { return 2; }\n");
        var patches = Directory.CreateDirectory(Path.Combine(root, "wheels", "patches")).FullName;
        File.WriteAllText(Path.Combine(patches, "fix.patch"),
            $"--- a/module.c\n+++ b/module.c\n@@ -1,2 +1,2 @@\n int one(void) {{ return 1; }}\n-int two(void) {{ return {expectedTwo}; }}\n+int two(void) {{ return 3; }}\n");
        return (source, Pair("fastsum", "linux-x64-py3.11").Wheel with { Patches = ["fix.patch"], SourceFile = Path.Combine(root, "wheels", "local.yaml") });
    }

    [Test]
    public async Task APatchThatDoesNotApplyFailsNamingThePatchAndTheHunk()
    {
        var root = Directory.CreateTempSubdirectory("dockerbuild-patch-").FullName;
        try
        {
            var (source, spec) = PatchScratch(root, expectedTwo: 22);
            using var log = new PairLog(Path.Combine(root, "log.txt"));

            var error = await Assert.ThrowsAsync<PatchFailedException>(() => PatchApplication.ApplyAsync(spec, source, log, CancellationToken.None));
            Assert.That(error!.Message, Does.Contain("patch 'fix.patch' of fastsum==1.0.0"));
            Assert.That(error.Message, Does.Contain("Hunk #1 FAILED"));
            Assert.That(File.ReadAllText(Path.Combine(source, "module.c")), Does.Contain("return 2;"), "the source is left as it was");
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Test]
    public async Task APatchThatAppliesChangesTheSourceBeforeItIsCopiedIn()
    {
        var root = Directory.CreateTempSubdirectory("dockerbuild-patch-").FullName;
        try
        {
            var (source, spec) = PatchScratch(root, expectedTwo: 2);
            using var log = new PairLog(Path.Combine(root, "log.txt"));

            await PatchApplication.ApplyAsync(spec, source, log, CancellationToken.None);
            Assert.That(File.ReadAllText(Path.Combine(source, "module.c")), Does.Contain("return 3;"));
            Assert.That(PatchApplication.Read(spec).Single().Name, Is.EqualTo("fix.patch"));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Test]
    public void APipNetworkErrorInTheLogTailIsExplained()
    {
        var tail = new[]
        {
            "  File \"/usr/lib/python3.11/urllib/request.py\", line 1351, in do_open",
            "urllib.error.URLError: <urlopen error [Errno -3] Temporary failure in name resolution>",
            "ERROR: Failed building wheel for fetchy",
        };
        Assert.That(NetworkAccessDiagnosis.Explain("fetchy==0.1.0", tail), Does.Contain("builds run without network").And.Contain("Temporary failure in name resolution"));
        Assert.That(NetworkAccessDiagnosis.Explain("brokenc==0.1.0", ["brokenc.c:2:35: error: expected ';' before 'is'"]), Is.Null);
    }

    [Test]
    public void TheCrossEnvironmentTargetsTheArchitectureAndMapsTheBuildDirectoryAway()
    {
        var platform = Platforms.Find("linux-armv7-py3.11")!;
        var spec = Wheels.All.First(w => w.Name == "zcodec");
        var environment = BuildContainerEnvironment.For(platform, spec, 315532800);
        Assert.That(environment, Does.Contain("CC=arm-linux-gnueabihf-gcc"));
        Assert.That(environment, Does.Contain("LDSHARED=arm-linux-gnueabihf-gcc -shared"));
        Assert.That(environment, Does.Contain("_PYTHON_HOST_PLATFORM=linux-armv7l"));
        Assert.That(environment, Does.Contain("_PYTHON_SYSCONFIGDATA_NAME=_sysconfigdata__arm-linux-gnueabihf"));
        Assert.That(environment, Does.Contain("host_alias=arm-linux-gnueabihf"));
        Assert.That(environment, Does.Contain("SOURCE_DATE_EPOCH=315532800"));
        Assert.That(environment, Does.Contain($"CFLAGS=-ffile-prefix-map={BuildContainerEnvironment.BuildDirectory}=."));
        Assert.That(environment, Does.Contain("SETUPTOOLS_SCM_PRETEND_VERSION_FOR_ZCODEC=1.0.0"), "a source without git metadata builds as the spec's version");
        Assert.That(BuildContainerEnvironment.BuildCommand(platform, spec), Does.Contain($"{BuildContainerEnvironment.BuildDirectory} {BuildContainerEnvironment.OutputDirectory} - bookworm")
            .And.Not.Contain("pip install"), "without build_requires the backend uses the image's packages");
        var isolated = spec with { BuildRequires = [new BuildRequirement("setuptools", "80.9.0")] };
        Assert.That(BuildContainerEnvironment.BuildCommand(platform, isolated), Does.Contain($"--no-index --no-deps --no-compile --target {BuildContainerEnvironment.IsolatedEnvironment}")
            .And.Contain("'setuptools==80.9.0'").And.Contain($"{BuildContainerEnvironment.OutputDirectory} {BuildContainerEnvironment.IsolatedEnvironment} bookworm"));
    }

    [Test]
    public async Task APublishedWheelWithoutAnIndexFailsSayingSoAndBuildsNothing()
    {
        var root = Directory.CreateTempSubdirectory("dockerbuild-published-").FullName;
        try
        {
            ScratchCheckout.Create(Path.Combine(root, "checkout"), """
                wheels:
                  - name: numpy
                    version: 1.26.4
                    kind: Prebuilt
                    only: [linux-x64-py3.11]

                """, []);
            var run = await SharedWheelBuilds.RunAsync(Path.Combine(root, "checkout"), Path.Combine(root, "state"), ["linux-x64-py3.11"], []);
            var pair = run.Pair("numpy", "linux-x64-py3.11");
            Assert.That(pair.Outcome, Is.EqualTo(PairOutcome.Failed));
            Assert.That(pair.Error, Does.Contain("no package index configured").And.Contain("--index-url"));
            Assert.That(Directory.Exists(Path.Combine(root, "state", "wheels")), Is.False);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Test]
    public void ThePipDownloadCommandAsksForTheOnePlatformsBinaryWheel()
    {
        var pair = new WheelPair(Wheels.All.Single(w => w.Name == "numpy"), Platforms.Find("linux-arm64-py3.11")!, true);
        var arguments = string.Join(' ', PublishedWheelDownload.SettingsFor(pair, "file:///srv/index", "/tmp/d").Arguments());
        Assert.That(arguments, Does.StartWith("download --index-url file:///srv/index --no-deps --only-binary=:all: --platform manylinux_2_31_aarch64 "), "the glibc floor caps what a published wheel may need");
        Assert.That(arguments, Does.Contain("--platform manylinux_2_17_aarch64 --platform manylinux2014_aarch64"), "older levels are spelled out for pip");
        Assert.That(arguments, Does.Not.Contain("manylinux_2_16_aarch64"), "aarch64 starts at 2_17");
        Assert.That(arguments, Does.EndWith("--platform linux_aarch64 --python-version 3.11 --implementation cp --abi cp311 -d /tmp/d numpy==1.26.4"));
    }
}
