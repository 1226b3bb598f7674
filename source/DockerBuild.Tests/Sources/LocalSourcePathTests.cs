using DockerBuild.Sources;
using DockerBuild.Sources.Acquisition;
using NUnit.Framework;

namespace DockerBuild.Tests.Sources;

/// <summary>A local source's relative path belongs to its YAML file, wherever the build is started from.</summary>
[TestFixture]
[Category("Sources")]
public sealed class LocalSourcePathTests
{
    [Test]
    public void A_relative_local_path_resolves_beside_the_declaring_file_not_the_current_directory()
    {
        var spec = new SourceSpec
        {
            Kind = SourceKind.Local, Name = "fastsum", Version = "1.0.0", Path = "local/fastsum",
            DeclaredAt = "wheels/local.yaml:9:7", BaseDirectory = "/repo/wheels",
        };

        Assert.That(LocalSourceFetcher.ResolveDirectory(spec, rootDirectory: "/repo"), Is.EqualTo("/repo/wheels/local/fastsum"));
    }

    [Test]
    public void Loaded_wheel_specs_carry_the_absolute_directory_of_their_file()
    {
        var root = TestContext.CurrentContext.TestDirectory;
        while (!Directory.Exists(Path.Combine(root, ".nuke"))) root = Path.GetDirectoryName(root)!;
        var platforms = DockerBuild.Platforms.PlatformCatalog.Load(Path.Combine(root, "platforms"));
        var wheels = DockerBuild.Wheels.WheelCatalog.Load(Path.Combine(root, "wheels"), platforms);

        var fastsum = wheels.All.Single(w => w.Name == "fastsum").Source!;

        Assert.That(fastsum.BaseDirectory, Is.EqualTo(Path.Combine(root, "wheels")));
        Assert.That(Directory.Exists(LocalSourceFetcher.ResolveDirectory(fastsum, "/elsewhere")), Is.True);
    }
}
