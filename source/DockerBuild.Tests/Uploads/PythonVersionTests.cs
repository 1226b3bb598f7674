using DockerBuild.Packaging;
using DockerBuild.Uploads;
using NUnit.Framework;

namespace DockerBuild.Tests.Uploads;

/// <summary>PEP 440 ordering of the version forms refs are computed from.</summary>
[TestFixture, Category("Upload")]
public sealed class PythonVersionTests
{
    // The order PEP 440 itself gives as its example, plus release-length and epoch cases.
    private static readonly string[] Ascending =
    [
        "0.9", "1.0.dev456", "1.0a1", "1.0a2.dev456", "1.0a12.dev456", "1.0a12", "1.0b1.dev456", "1.0b2",
        "1.0b2.post345.dev456", "1.0b2.post345", "1.0rc1.dev456", "1.0rc1", "1.0", "1.0.post456.dev34", "1.0.post456",
        "1.0.1", "1.1.dev1", "1.2", "1.10", "2!0.1",
    ];

    [Test]
    public void Versions_sort_in_PEP_440_order()
    {
        var shuffled = Ascending.Reverse().Select(v => PythonVersion.Parse(v, "test")).ToList();
        shuffled.Sort((a, b) => a.CompareTo(b));
        Assert.That(shuffled.Select(v => v.Text), Is.EqualTo(Ascending));
    }

    [TestCase("1.0", "1.0.0")]
    [TestCase("1.0rc1", "1.0-RC-1")]
    [TestCase("1.0a1", "1.0alpha1")]
    [TestCase("1.0.post1", "1.0-1")]
    public void Spellings_of_one_version_compare_equal(string a, string b) =>
        Assert.That(PythonVersion.Parse(a, "test").CompareTo(PythonVersion.Parse(b, "test")), Is.Zero);

    [TestCase("1.0+local.7", "local versions")]
    [TestCase("nightly", "PEP 440")]
    [TestCase("1.0.x", "PEP 440")]
    public void Versions_that_cannot_be_ordered_are_refused_by_name(string version, string hint)
    {
        var error = Assert.Throws<PackagingException>(() => PythonVersion.Parse(version, "package p"));
        Assert.That(error!.Message, Does.Contain($"'{version}'").And.Contain("package p").And.Contain(hint));
    }
}
