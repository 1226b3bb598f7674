using DockerBuild.Images;
using NUnit.Framework;

namespace DockerBuild.Tests.Images;

/// <summary>The early warning before an image build: said when a filesystem is short of room, with the fix; silent otherwise.</summary>
[TestFixture, Category("StoreCare")]
public sealed class FreeSpaceCheckTests
{
    [Test]
    public void AShortFilesystemIsNamedWithWhatIsFreeWhatIsNeededAndTheFix()
    {
        var warning = FreeSpaceCheck.Warning("the Docker engine's data", "/var/lib/docker", FreeSpaceCheck.EngineBytes, 300L << 20);

        Assert.That(warning, Does.StartWith("only 300 MiB free on /var/lib/docker (the Docker engine's data); an image build needs ≈1536 MiB there."));
        Assert.That(warning, Does.Contain("./build.sh Prune"));
    }

    [TestCase(2L << 30)]
    [TestCase(-1L)]
    public void EnoughRoomOrAnUnknownAmountSaysNothing(long free) =>
        Assert.That(FreeSpaceCheck.Warning("the state directory", "/state", FreeSpaceCheck.StateBytes, free), Is.Null);
}
