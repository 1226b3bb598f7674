using NUnit.Framework;
using DockerBuild.Tools.Cipd;

namespace DockerBuild.Tests.Cipd;

/// <summary>Package name, tag, ref and version rules, with errors naming the value and the rule.</summary>
[TestFixture, Category("Cipd")]
public sealed class CipdNamesTests
{
    [TestCase("infra/third_party/source/zlib")]
    [TestCase("a")]
    [TestCase("infra/python/wheels/numpy/linux-arm64_cp311_cp311")]
    [TestCase("a.b-c_d/e")]
    public void ValidPackageNames(string name) => Assert.That(CipdNames.ValidatePackageName(name), Is.Null);

    [TestCase("", "slash-separated path")]
    [TestCase("Infra/tools", "slash-separated path")]
    [TestCase("infra//tools", "slash-separated path")]
    [TestCase("/infra", "slash-separated path")]
    [TestCase("infra/", "slash-separated path")]
    [TestCase("infra/../x", "dots-only")]
    [TestCase("infra/./x", "dots-only")]
    [TestCase("a+b", "slash-separated path")]
    [TestCase("infra\n", "slash-separated path")]
    public void InvalidPackageNames(string name, string rule)
    {
        var error = Assert.Throws<CipdValidationException>(() => CipdNames.RequirePackageName(name))!;
        Assert.That(error.Message, Does.Contain($"\"{name}\"").And.Contain(rule));
    }

    [TestCase("version:1.2.3")]
    [TestCase("git_revision:deadbeef")]
    [TestCase("k:v with inner spaces")]
    [TestCase("url:https://example.invalid/a")]
    public void ValidTags(string tag) => Assert.That(CipdNames.ValidateTag(tag), Is.Null, tag);

    [TestCase("version", "key:value")]
    [TestCase("Version:1", "tag key")]
    [TestCase("ver sion:1", "tag key")]
    [TestCase("version: 1", "should not start or end")]
    [TestCase("version:1 ", "should not start or end")]
    [TestCase("version:", "tag value")]
    [TestCase("version:a|b", "tag value")]
    [TestCase("version:1\n", "tag value")]
    public void InvalidTags(string tag, string rule)
    {
        var error = Assert.Throws<CipdValidationException>(() => CipdNames.RequireTag(tag))!;
        Assert.That(error.Message, Does.Contain(tag.TrimEnd('\n')).And.Contain(rule));
    }

    [Test]
    public void OverlongTagIsRefused() =>
        Assert.That(CipdNames.ValidateTag("k:" + new string('v', 399)), Does.Contain("too long"));

    [TestCase("latest")]
    [TestCase("stable/3.11")]
    public void ValidRefs(string refName) => Assert.That(CipdNames.ValidateRef(refName), Is.Null);

    [TestCase("Latest", "must match")]
    [TestCase("", "must match")]
    [TestCase("a:b", "must match")]
    [TestCase("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "looks like an instance ID")]
    public void InvalidRefs(string refName, string rule)
    {
        var error = Assert.Throws<CipdValidationException>(() => CipdNames.RequireRef(refName))!;
        Assert.That(error.Message, Does.Contain($"\"{refName}\"").And.Contain(rule));
    }

    [Test]
    public void VersionsAreClassifiedAsIdRefOrTag()
    {
        Assert.That(CipdNames.ClassifyVersion("qUiQTy8PR5uPgZdpSzAYSw0u0cHNKh7A-4XSmaGSpEcC"), Is.EqualTo(CipdVersionKind.InstanceId));
        Assert.That(CipdNames.ClassifyVersion("latest"), Is.EqualTo(CipdVersionKind.Ref));
        Assert.That(CipdNames.ClassifyVersion("version:1.0"), Is.EqualTo(CipdVersionKind.Tag));
        var error = Assert.Throws<CipdValidationException>(() => CipdNames.ClassifyVersion("Not A Version"))!;
        Assert.That(error.Message, Does.Contain("\"Not A Version\"").And.Contain("not an instance ID, a ref or a tag"));
    }

    [Test]
    public void PrefixesMayBeEmptyOrEndInSlash()
    {
        Assert.That(CipdNames.ValidatePackagePrefix(""), Is.Null);
        Assert.That(CipdNames.ValidatePackagePrefix("infra/"), Is.Null);
        Assert.That(CipdNames.ValidatePackagePrefix("in fra"), Does.Contain("package prefix"));
    }
}
