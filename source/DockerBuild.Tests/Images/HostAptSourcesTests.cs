using DockerBuild.Images.Bases;
using NUnit.Framework;

namespace DockerBuild.Tests.Images;

/// <summary>Finding the Debian mirror in apt configuration files (one-line and deb822).</summary>
[TestFixture]
[Category("Images")]
public sealed class HostAptSourcesTests
{
    private string _apt = null!;

    [SetUp]
    public void CreateDirectory()
    {
        _apt = Path.Combine(Path.GetTempPath(), $"apt-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path.Combine(_apt, "sources.list.d"));
    }

    [TearDown]
    public void RemoveDirectory() => Directory.Delete(_apt, recursive: true);

    [Test]
    public void Deb822StanzasGiveTheArchiveNotTheSecurityOne()
    {
        File.WriteAllText(Path.Combine(_apt, "sources.list.d", "debian.sources"), """
            Types: deb
            # a comment
            URIs: http://mirror.example/debian
            Suites: bookworm bookworm-updates
            Components: main

            Types: deb
            URIs: http://mirror.example/debian-security
            Suites: bookworm-security
            Components: main
            """);
        var sources = HostAptSources.Read(_apt);
        Assert.That(sources, Has.Count.EqualTo(2));
        Assert.That(HostAptSources.FindDebianMirror(sources, "bookworm"), Is.EqualTo("http://mirror.example/debian"));
        // A suite the host does not use comes from the same archive.
        Assert.That(HostAptSources.FindDebianMirror(sources, "trixie"), Is.EqualTo("http://mirror.example/debian"));
    }

    [Test]
    public void OneLineEntriesWithOptionsAndDisabledStanzasAndOtherFilesAreHandled()
    {
        File.WriteAllText(Path.Combine(_apt, "sources.list"), "deb [arch=amd64 signed-by=/k.gpg] http://one.example/debian/ bookworm main contrib\n# deb http://commented.example/debian bookworm main\ndeb-src http://src.example/debian bookworm main\n");
        File.WriteAllText(Path.Combine(_apt, "sources.list.d", "off.sources"), "Types: deb\nURIs: http://off.example/debian\nSuites: bookworm\nComponents: main\nEnabled: no\n");
        File.WriteAllText(Path.Combine(_apt, "sources.list.d", "vendor.list.disabled"), "deb http://vendor.example/debian bookworm main\n");
        var sources = HostAptSources.Read(_apt);
        Assert.That(sources.Select(s => s.Uri), Is.EqualTo(new[] { "http://one.example/debian/" }));
        Assert.That(sources[0].Components, Is.EqualTo(new[] { "main", "contrib" }));
        Assert.That(HostAptSources.FindDebianMirror(sources, "bookworm"), Is.EqualTo("http://one.example/debian"));
    }

    [Test]
    public void NoArchiveFailsNamingWhatWasReadAndTheParameter()
    {
        File.WriteAllText(Path.Combine(_apt, "sources.list.d", "node.list"), "deb https://node.example/node_20.x nodistro main\n");
        var error = Assert.Throws<InvalidOperationException>(() => HostAptSources.FindDebianMirror(HostAptSources.Read(_apt), "bookworm"));
        Assert.That(error!.Message, Does.Contain("https://node.example/node_20.x").And.Contain("--debian-mirror"));
    }
}
