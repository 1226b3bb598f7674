using DockerBuild.Run;
using NUnit.Framework;

namespace DockerBuild.Tests.Images;

/// <summary>Host paths under the work directory become /work paths in Run arguments; nothing else changes.</summary>
[TestFixture]
[Category("Images")]
public sealed class WorkPathTranslatorTests
{
    private readonly WorkPathTranslator _paths = new("/home/u/project");

    [TestCase("/home/u/project", "/work")]
    [TestCase("/home/u/project/", "/work")]
    [TestCase("/home/u/project/src/a.c", "/work/src/a.c")]
    [TestCase("/home/u/project/src/../include/b.h", "/work/include/b.h")]
    public void PathsUnderTheWorkDirectoryMoveUnderWork(string host, string container) =>
        Assert.That(_paths.TranslateArgument(host), Is.EqualTo(container));

    [TestCase("/home/u/project2/x")] // a sibling sharing the prefix is outside
    [TestCase("/usr/include")]
    [TestCase("src/a.c")] // relative paths already work from the mapped working directory
    [TestCase("-O2")]
    [TestCase("")]
    public void OtherArgumentsPassUnchanged(string argument) =>
        Assert.That(_paths.TranslateArgument(argument), Is.EqualTo(argument));

    [Test]
    public void ValuesOfNameEqualsPathAreTranslated()
    {
        Assert.That(_paths.TranslateArgument("--prefix=/home/u/project/out"), Is.EqualTo("--prefix=/work/out"));
        Assert.That(_paths.TranslateArgument("DESTDIR=/home/u/project/stage"), Is.EqualTo("DESTDIR=/work/stage"));
        Assert.That(_paths.TranslateArgument("DESTDIR=/elsewhere"), Is.EqualTo("DESTDIR=/elsewhere"));
    }

    [Test]
    public void WorkingDirectoryIsTheCurrentDirectorysPlaceUnderWork()
    {
        Assert.That(_paths.WorkingDirectoryFor("/home/u/project/build"), Is.EqualTo("/work/build"));
        Assert.That(_paths.WorkingDirectoryFor("/home/u/project"), Is.EqualTo("/work"));
    }

    [Test]
    public void ACurrentDirectoryOutsideTheWorkDirectoryIsRejectedNamingBoth()
    {
        var error = Assert.Throws<ArgumentException>(() => _paths.WorkingDirectoryFor("/tmp"));
        Assert.That(error!.Message, Does.Contain("'/tmp'").And.Contain("/home/u/project"));
    }

    [Test]
    public void TheRootAsWorkDirectoryMapsEverything() =>
        Assert.That(new WorkPathTranslator("/").TranslateArgument("/etc/x"), Is.EqualTo("/work/etc/x"));
}
