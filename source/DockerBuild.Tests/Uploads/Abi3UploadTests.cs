using DockerBuild.Builds;
using DockerBuild.Builds.Outputs;
using DockerBuild.Packaging;
using DockerBuild.Platforms;
using DockerBuild.Tools.Cipd;
using DockerBuild.Uploads;
using DockerBuild.Wheels;
using DockerBuild.Wheels.Abi3;
using DockerBuild.Wheels.Archive;
using NUnit.Framework;

namespace DockerBuild.Tests.Uploads;

/// <summary>
/// Publishing an abi3 wheel: the CIPD package vpython asks for (<c>&lt;cipd_platform&gt;_cp39_abi3</c>), one instance
/// registered for the copies every CPython of the architecture output, and an index from which pip for each of those
/// CPythons (the real pip, told the target's version and platform) picks that one file.
/// </summary>
[TestFixture, Category("Upload")]
public sealed class Abi3UploadTests
{
    private static readonly Abi3Floor Floor = new(3, 9);

    private static List<PlatformSpec> X64 => UploadScratch.Catalog.All
        .Where(p => p.Kind == PlatformKind.Linux && p.ArchPrefix == "linux-x64" && Floor.Admits(p.Python)).ToList();

    [Test]
    public void The_package_is_named_by_the_floor_for_every_CPython_of_the_architecture()
    {
        var file = WheelFileName.Parse("abi3sum-1.0.0-cp39-abi3-manylinux_2_31_aarch64.whl");
        foreach (var platform in UploadScratch.Catalog.All.Where(p => p.ArchPrefix == "linux-arm64"))
            Assert.That(WheelPackageNames.For("abi3sum", platform, file), Is.EqualTo("infra/python/wheels/abi3sum/linux-arm64_cp39_abi3"), platform.Name);
        Assert.That(WheelPackageNames.Abi3("Abi3.Sum", UploadScratch.Platform("linux-x64-py3.13"), new Abi3Floor(3, 10)),
            Is.EqualTo("infra/python/wheels/abi3_sum/linux-amd64_cp310_abi3"));
        Assert.That(WheelPackageNames.For("fastsum", UploadScratch.Platform("linux-x64-py3.11"), WheelFileName.Parse("fastsum-1.0.0-cp311-cp311-linux_x86_64.whl")),
            Is.EqualTo("infra/python/wheels/fastsum/linux-amd64_cp311_cp311"), "a version-specific wheel keeps its name");
    }

    [Test]
    public void Two_builders_whose_abi3_wheels_would_share_a_package_are_refused_but_one_architectures_CPythons_are_not()
    {
        var spec = Spec();
        Assert.DoesNotThrow(() => PackageClashes.Check(WheelCatalog.Pairs([spec], X64, UploadScratch.Catalog.All)));
        var arm32 = UploadScratch.Catalog.Select(["linux-armv6-py3.11", "linux-armv7-py3.13"]);
        var error = Assert.Throws<UploadException>(() => PackageClashes.Check(WheelCatalog.Pairs([spec], arm32, UploadScratch.Catalog.All)))!;
        Assert.That(error.Message, Does.Contain("linux-armv6l_cp39_abi3").And.Contain("abi3 floor cp39"));
    }

    [Test]
    public async Task The_copies_of_every_CPython_are_registered_once_and_pip_for_each_CPython_installs_that_file()
    {
        await RealPip.RequireAsync();
        using var scratch = new UploadScratch();
        var fileName = "abi3sum-1.0.0-cp39-abi3-manylinux_2_31_x86_64.whl";
        var made = await scratch.WheelAsync("abi3sum", "1.0.0", X64[0].Name, payload: "stable");
        foreach (var platform in X64)
        {
            var copy = Path.Combine(scratch.WheelsDirectory, platform.Name, fileName);
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(made.WheelFile, copy);
            await BuiltWheelSidecar.RecordAsync(copy, platform.Name, "abi3sum", "1.0.0", new string('a', 64));
        }
        File.Delete(made.WheelFile);
        File.Delete(BuiltWheelSidecar.PathFor(made.WheelFile));
        var store = new LocalCipdRepository(scratch.StoreDirectory) { WaitMessages = null };
        var pairs = WheelCatalog.Pairs([Spec()], X64, UploadScratch.Catalog.All);
        Assert.That(pairs, Has.Count.EqualTo(X64.Count).And.Count.GreaterThanOrEqualTo(3));

        var settings = new UploadStepSettings { StateDirectory = scratch.StateDirectory, Upload = true, Log = new StringWriter() };
        var first = await UploadStep.RunAsync(pairs, settings, store);

        Assert.That(first.Store.Entries.Select(e => (e.Package, e.Action)), Is.EqualTo(new[]
            { ("infra/python/wheels/abi3sum/linux-amd64_cp39_abi3", UploadAction.Registered) }));
        Assert.That(await store.ListPackagesAsync("infra/python/wheels/abi3sum"), Is.EqualTo(new[] { "infra/python/wheels/abi3sum/linux-amd64_cp39_abi3" }));
        Assert.That(await store.ListInstancesAsync("infra/python/wheels/abi3sum/linux-amd64_cp39_abi3"), Has.Count.EqualTo(1));
        Assert.That(first.Index.Select(w => w.FileName), Is.EqualTo(new[] { fileName }));

        var again = await UploadStep.RunAsync(pairs, settings with { Log = new StringWriter() }, store);
        Assert.That(again.Store.Entries.Select(e => e.Action), Is.EqualTo(new[] { UploadAction.AlreadyPresent }));

        var index = new Uri(Path.Combine(scratch.IndexDirectory, "simple")).AbsoluteUri;
        foreach (var platform in X64)
        {
            var target = scratch[$"download-{platform.Name}"];
            await RealPip.DownloadAsync(index, "abi3sum", target, platform.Python, "manylinux_2_31_x86_64");
            Assert.That(Directory.GetFiles(target).Select(Path.GetFileName), Is.EqualTo(new[] { fileName }), platform.Name);
        }
    }

    private static WheelSpec Spec() => new()
    {
        Name = "abi3sum", Version = "1.0.0", Kind = WheelKind.Local, Abi3 = Floor,
        Source = new DockerBuild.Sources.SourceSpec { Kind = DockerBuild.Sources.SourceKind.Local, Name = "abi3sum", Version = "1.0.0", Path = "local/abi3sum" },
    };
}
