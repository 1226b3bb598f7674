using DockerBuild.BuildRequirements;
using DockerBuild.Builds;
using DockerBuild.Builds.Preparation;
using DockerBuild.Platforms;
using DockerBuild.Tests.Data;
using DockerBuild.Wheels;
using NUnit.Framework;

namespace DockerBuild.Tests.Builds;

/// <summary>The build-requirement rules that need no engine: the lock file, which wheels fit the build host, the plan, and the unmet-requirement line.</summary>
[TestFixture]
[Category("Builds")]
public sealed class BuildRequirementRulesTests
{
    private static readonly PlatformCatalog Platforms = PlatformCatalog.Load(RepositoryRoot.Platforms);

    [Test]
    public async Task TheLockRoundTripsSortedAndIsOnlyWrittenWhenSomethingWasAdded()
    {
        var directory = Directory.CreateTempSubdirectory("lock-").FullName;
        try
        {
            var empty = RequirementLock.Load(directory);
            await empty.SaveAsync(CancellationToken.None);
            Assert.That(File.Exists(empty.Path), Is.False, "nothing added, nothing written");

            empty.Add(new LockedWheel("wheel", "0.38.4", "wheel-0.38.4-py3-none-any.whl", 64, new string('b', 64)));
            empty.Add(new LockedWheel("Cython", "3.1.6", "cython-3.1.6-cp311-cp311-manylinux_2_17_x86_64.whl", 100, new string('c', 64)));
            empty.Add(new LockedWheel("Cython", "3.1.6", "cython-3.1.6-cp313-cp313-manylinux_2_17_x86_64.whl", 101, new string('d', 64)));
            await empty.SaveAsync(CancellationToken.None);

            var text = await File.ReadAllTextAsync(empty.Path);
            Assert.That(text.IndexOf("name = \"Cython\"", StringComparison.Ordinal), Is.LessThan(text.IndexOf("name = \"wheel\"", StringComparison.Ordinal)));
            var loaded = RequirementLock.Load(directory);
            Assert.That(loaded.For("cython", "3.1.6").Select(w => w.Sha256), Is.EquivalentTo(new[] { new string('c', 64), new string('d', 64) }));
            Assert.That(loaded.Find("wheel-0.38.4-py3-none-any.whl")!.Size, Is.EqualTo(64));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Test]
    public void ADamagedLockIsRefusedNamingTheFileAndTheWayOut()
    {
        var directory = Directory.CreateTempSubdirectory("lock-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(directory, RequirementLock.FileName), "[[packages]]\nname = \"x\"\nversion = \"1\"\n[[packages.wheels]]\nname = \"x-1-py3-none-any.whl\"\n");
            var error = Assert.Throws<BuildRequirementException>(() => RequirementLock.Load(directory));
            Assert.That(error!.Message, Does.Contain(RequirementLock.FileName).And.Contain("no hashes").And.Contain("restore the file from version control"));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [TestCase("setuptools-80.9.0-py3-none-any.whl", true)]
    [TestCase("cython-3.1.6-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl", true)]
    [TestCase("cython-3.1.6-cp313-cp313-manylinux_2_17_x86_64.whl", false)]
    [TestCase("cython-3.1.6-cp311-cp311-manylinux_2_17_aarch64.whl", false)]
    [TestCase("orjson-3.10.0-cp38-abi3-manylinux_2_17_x86_64.whl", true)]
    [TestCase("newer-1.0-cp311-cp311-manylinux_2_39_x86_64.whl", false)]
    public void ARequirementOfAnArm64BuildIsAWheelForTheBuildMachinesInterpreter(string file, bool accepted)
    {
        var host = RequirementHost.For(Platforms.Find("linux-arm64-py3.11")!, Platforms.All);
        Assert.That(host.Platform.Name, Is.EqualTo("linux-x64-py3.11"));
        Assert.That(host.Accepts(file), Is.EqualTo(accepted));
    }

    [Test]
    public void CatalogueRequirementsArePlannedFirstInPhasesAndTheRestOncePerHost()
    {
        WheelSpec Spec(string name, bool pure, params string[] requires) => new()
        {
            Name = name, Version = "1.0.0", Kind = WheelKind.Local, PurePython = pure,
            BuildRequires = requires.Select(r => BuildRequirement.TryParse(r)!).ToList(),
        };
        var tool = Spec("tool", true, "setuptools==80.9.0");
        var generator = Spec("generator", true, "tool==1.0.0", "setuptools==80.9.0");
        var consumer = Spec("consumer", false, "generator==1.0.0", "setuptools==80.9.0");
        var wheels = WheelCatalogOf(tool, generator, consumer);
        var pairs = Foreign().Select(p => new WheelPair(consumer, p, false)).ToList();

        var plan = RequirementPlan.For(pairs, wheels, Platforms, Platforms.Find("linux-x64-py3.11"));

        Assert.That(plan.Phases.Select(p => p.Select(x => x.Wheel.Name).Single()), Is.EqualTo(new[] { "tool", "generator" }), "a tool's tool first");
        Assert.That(plan.Phases.SelectMany(p => p).Select(p => p.Platform.Name), Has.All.EqualTo("universal"));
        Assert.That(plan.External.Select(e => (e.Requirement.ToString(), e.Host.Platform.Name)),
            Is.EquivalentTo(new[] { ("setuptools==80.9.0", "linux-x64-py3.11") }), "one fetch for every pair of the same build host");
    }

    [Test]
    public void AnUnmetRequirementReportBecomesOneLineWithTheFix()
    {
        var platform = Platforms.Find("linux-arm64-py3.11")!;
        var spec = new WheelSpec { Name = "demo", Version = "1.0", Kind = WheelKind.Local, DeclaredAt = "wheels/demo.yaml:3:5" };
        var log = new[]
        {
            "build backend setuptools.build_meta; declared build requirements: setuptools>=77, Cython>=3",
            """DOCKERBUILD-UNMET {"requirement": "setuptools>=77", "name": "setuptools", "have": "66.1.1", "origin": "Debian bookworm", "stage": "declared"}""",
            """DOCKERBUILD-UNMET {"requirement": "Cython>=3", "name": "Cython", "have": null, "origin": null, "stage": "declared"}""",
        };
        var message = UnmetRequirements.Explain(spec, platform, log, isolated: false)!;
        Assert.That(message, Does.Not.Contain("\n"));
        Assert.That(message, Does.StartWith("wheels/demo.yaml:3:5: demo==1.0 cannot be built for linux-arm64-py3.11: it requires setuptools>=77, "
            + "but the build environment has setuptools 66.1.1 from Debian bookworm; it requires Cython>=3, but the build environment (Debian bookworm) has no Cython."));
        Assert.That(message, Does.Contain("build_requires: [setuptools==<version>, Cython==<version>]").And.Contain("build_packages: [cython3]"));
        Assert.That(UnmetRequirements.Explain(spec, platform, ["error: something else"], isolated: false), Is.Null);
        var newer = UnmetRequirements.Explain(spec, platform,
            ["""DOCKERBUILD-UNMET {"requirement": "scikit-build-core>=0.10", "name": "scikit-build-core", "have": null, "stage": "declared"}"""], isolated: false)!;
        Assert.That(newer, Does.Contain("Debian packages scikit-build-core from trixie on").And.Contain("linux-arm64-py3.13"));
    }

    private static IEnumerable<PlatformSpec> Foreign() => new[] { "linux-arm64-py3.11", "linux-armv7-py3.11" }.Select(n => Platforms.Find(n)!);

    private static WheelCatalog WheelCatalogOf(params WheelSpec[] specs)
    {
        var directory = Directory.CreateTempSubdirectory("catalog-").FullName;
        try
        {
            var yaml = "wheels:\n" + string.Concat(specs.Select(s =>
                $"  - name: {s.Name}\n    version: {s.Version}\n    kind: Local\n    universal: {(s.PurePython ? "true" : "false")}\n"
                + $"    source: {{kind: local, path: {s.Name}}}\n    build_requires: [{string.Join(", ", s.BuildRequires)}]\n"));
            File.WriteAllText(Path.Combine(directory, "specs.yaml"), yaml);
            Directory.CreateDirectory(Path.Combine(directory, "patches"));
            foreach (var spec in specs) File.WriteAllText(Path.Combine(Directory.CreateDirectory(Path.Combine(directory, spec.Name)).FullName, "setup.py"), "");
            return WheelCatalog.Load(directory, Platforms);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
