using NUnit.Framework;
using DockerBuild.Platforms;
using DockerBuild.Tests.Data;
using DockerBuild.Wheels.Policy;

namespace DockerBuild.Tests.WheelPolicy;

/// <summary>The policy data: which level a symbol version needs, tag parsing, and that every shipped platform fits it.</summary>
[TestFixture]
[Category("WheelPolicy")]
public sealed class ManylinuxPolicyTests
{
    private static ManylinuxPolicy Policy => ManylinuxPolicy.Default;

    [TestCase("GLIBC_2.2.5", 2)]
    [TestCase("GLIBC_2.17", 17)]
    [TestCase("GLIBC_2.34", 34)]
    [TestCase("GLIBC_ABI_DT_RELR", 36)]
    [TestCase("GLIBCXX_3.4.19", 17)]
    [TestCase("GLIBCXX_3.4.21", 24)]
    [TestCase("GLIBCXX_LDBL_3.4.21", 24)]
    [TestCase("CXXABI_1.3.13", 34)]
    [TestCase("GLIBCXX_3.4.33", 39)]
    [TestCase("GLIBCXX_3.4.36", 43)]
    [TestCase("CXXABI_1.3.17", 43)]
    [TestCase("GCC_4.2.0", 5)]
    [TestCase("GCC_7.0.0", 27)]
    [TestCase("ZLIB_1.2.9", 27)]
    [TestCase("OPENSSL_3.0.0", 0)]
    public void ASymbolVersionNeedsTheLevelThatFirstProvidesIt(string version, int level)
        => Assert.That(Policy.LevelFor(version), Is.EqualTo(level));

    [Test]
    public void PrivateGlibcSymbolsFitNoLevelAndFutureOnesNoKnownLevel()
    {
        Assert.That(Policy.LevelFor("GLIBC_PRIVATE"), Is.Null);
        Assert.That(Policy.LevelFor("GLIBCXX_3.4.99"), Is.EqualTo(int.MaxValue));
    }

    [TestCase("manylinux_2_36_aarch64", "aarch64", 36)]
    [TestCase("manylinux2014_x86_64", "x86_64", 17)]
    [TestCase("manylinux2010_i686", "i686", 12)]
    [TestCase("manylinux1_x86_64", "x86_64", 5)]
    [TestCase("linux_armv6l", "armv6l", null)]
    public void PlatformTagsParseToTheirLevel(string tag, string architecture, int? level)
        => Assert.That(PlatformTag.Parse(tag, Policy), Is.EqualTo(new PlatformTag(architecture, level)));

    [TestCase("manylinux1_aarch64", "does not exist for aarch64")]
    [TestCase("macosx_11_0_arm64", "not a Linux platform tag")]
    [TestCase("manylinux_3_1_x86_64", "only glibc 2")]
    public void ImpossibleTagsAreRefusedSayingWhy(string tag, string message)
        => Assert.That(() => PlatformTag.Parse(tag, Policy), Throws.ArgumentException.With.Message.Contains(message));

    [TestCase("x86_64", 17, new[] { "manylinux2014_x86_64" })]
    [TestCase("aarch64", 17, new[] { "manylinux2014_aarch64" })]
    [TestCase("x86_64", 5, new[] { "manylinux1_x86_64" })]
    [TestCase("aarch64", 24, new string[0])]
    public void LegacyAliasesExistOnlyWhereThePepsDefinedThem(string architecture, int level, string[] aliases)
        => Assert.That(Policy.LegacyAliases(architecture, level), Is.EqualTo(aliases));

    [Test]
    public void LibrariesFollowTheAllowList()
    {
        Assert.That(Policy.IsAllowed("libc.so.6", 17), Is.True);
        Assert.That(Policy.IsAllowed("libstdc++.so.6", 17), Is.True);
        Assert.That(Policy.IsAllowed("libcrypt.so.1", 36), Is.False, "libcrypt.so.1 left the allow list when distributions moved to .so.2");
        Assert.That(Policy.IsAllowed("libssl.so.3", 36), Is.False);
        Assert.That(Policy.IsAllowed("libexpat.so.1", 5), Is.False);
        Assert.That(Policy.IsAllowed("libexpat.so.1", 12), Is.True);
        Assert.That(Policy.IsSystemLibrary("ld-linux-aarch64.so.1"), Is.True);
        Assert.That(Policy.ForbiddenSymbols("libz.so.1"), Does.Contain("inflate_fast"));
    }

    [Test]
    public void EveryShippedLinuxPlatformNamesATagThePolicyKnows()
    {
        var platforms = PlatformCatalog.Load(RepositoryRoot.Platforms).All.Where(p => p.Kind == PlatformKind.Linux).ToList();
        Assert.That(platforms, Is.Not.Empty);
        foreach (var platform in platforms)
        {
            var tag = PlatformTag.Parse(platform.WheelPlat[0], Policy);
            if (tag.IsManylinux)
                Assert.That(Policy.Architectures, Does.Contain(tag.Architecture), platform.Name);
        }
    }
}
