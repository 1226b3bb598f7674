using DockerBuild.Packaging;
using DockerBuild.Uploads;
using DockerBuild.Wheels;
using DockerBuild.Wheels.Archive;
using NUnit.Framework;

namespace DockerBuild.Tests.Uploads;

/// <summary>Chromium's CIPD naming scheme for wheels, per platform kind, and platforms that would share a package.</summary>
[TestFixture, Category("Upload")]
public sealed class WheelPackageNamesTests
{
    private static string Name(string wheel, string platform, string fileName) =>
        WheelPackageNames.For(wheel, UploadScratch.Platform(platform), WheelFileName.Parse(fileName));

    [TestCase("fastsum", "linux-arm64-py3.11", "fastsum-1.0.0-cp311-cp311-manylinux_2_36_aarch64.whl", "infra/python/wheels/fastsum/linux-arm64_cp311_cp311")]
    [TestCase("fastsum", "linux-x64-py3.9", "fastsum-1.0.0-cp39-cp39-manylinux_2_31_x86_64.whl", "infra/python/wheels/fastsum/linux-amd64_cp39_cp39")]
    [TestCase("fastsum", "linux-armv7-py3.13", "fastsum-1.0.0-cp313-cp313-linux_armv7l.whl", "infra/python/wheels/fastsum/linux-armv6l_cp313_cp313")]
    [TestCase("fastsum", "linux-riscv64-py3.13", "fastsum-1.0.0-cp313-cp313-manylinux_2_31_riscv64.whl", "infra/python/wheels/fastsum/linux-riscv64_cp313_cp313")]
    [TestCase("fastsum", "linux-arm64-py3.14", "fastsum-1.0.0-cp314-cp314-manylinux_2_17_aarch64.whl", "infra/python/wheels/fastsum/linux-arm64_cp314_cp314")]
    [TestCase("fastsum", "linux-i686-py3.11", "fastsum-1.0.0-cp311-cp311-linux_i686.whl", "infra/python/wheels/fastsum/linux-386_cp311_cp311")]
    [TestCase("numpy", "mac-arm64-py3.11", "numpy-1.26.4-cp311-cp311-macosx_11_0_arm64.whl", "infra/python/wheels/numpy/mac-arm64_cp311_cp311")]
    [TestCase("numpy", "windows-x86-py3.11", "numpy-1.26.4-cp311-cp311-win32.whl", "infra/python/wheels/numpy/windows-386_cp311_cp311")]
    [TestCase("Zope.Interface", "linux-s390x-py3.11", "zope_interface-6.0-cp311-cp311-linux_s390x.whl", "infra/python/wheels/zope_interface/linux-s390x_cp311_cp311")]
    public void Binary_wheels_are_named_after_cipd_platform_interpreter_and_abi(string wheel, string platform, string file, string expected) =>
        Assert.That(Name(wheel, platform, file), Is.EqualTo(expected));

    [TestCase("romanum", "romanum-1.0.0-py3-none-any.whl", "infra/python/wheels/romanum-py3")]
    [TestCase("six", "six-1.16.0-py2.py3-none-any.whl", "infra/python/wheels/six-py2_py3")]
    [TestCase("typing-extensions", "typing_extensions-4.7.1-py3-none-any.whl", "infra/python/wheels/typing-extensions-py3")]
    [TestCase("ruamel.yaml", "ruamel.yaml-0.17.21-py3-none-any.whl", "infra/python/wheels/ruamel_yaml-py3")]
    public void Universal_wheels_are_one_package_per_python_tag(string wheel, string file, string expected) =>
        Assert.That(Name(wheel, "universal", file), Is.EqualTo(expected));

    [Test]
    public void A_binary_file_on_the_universal_platform_is_refused_naming_its_tags()
    {
        var error = Assert.Throws<PackagingException>(() => Name("fastsum", "universal", "fastsum-1.0.0-cp311-cp311-linux_x86_64.whl"));
        Assert.That(error!.Message, Does.Contain("cp311-cp311-linux_x86_64").And.Contain("none-any"));
    }

    [Test]
    public void ArmV6_and_armV7_of_one_python_clash_and_the_error_names_both()
    {
        var wheels = WheelCatalog.Load(Data.RepositoryRoot.Wheels, UploadScratch.Catalog).Select(["fastsum"]);
        var pairs = WheelCatalog.Pairs(wheels, UploadScratch.Catalog.Select(["linux-armv6-py3.11", "linux-armv7-py3.11"]));

        var error = Assert.Throws<UploadException>(() => PackageClashes.Check(pairs));

        Assert.That(error!.Message, Does.Contain("'linux-armv6-py3.11'").And.Contain("'linux-armv7-py3.11'")
            .And.Contain("infra/python/wheels/fastsum/linux-armv6l_cp311_cp311"));
    }

    [Test]
    public void Default_platforms_and_every_python_of_one_architecture_do_not_clash()
    {
        var wheels = WheelCatalog.Load(Data.RepositoryRoot.Wheels, UploadScratch.Catalog).All;
        Assert.DoesNotThrow(() => PackageClashes.Check(WheelCatalog.Pairs(wheels, UploadScratch.Catalog.Select([]))));
        Assert.DoesNotThrow(() => PackageClashes.Check(WheelCatalog.Pairs(wheels, UploadScratch.Catalog.Select(["linux-armv7"]))));
    }

    [TestCase("foo-1.0.tar.gz")]
    [TestCase("foo-1.0-py3-none.whl")]
    [TestCase("foo-1.0-x-py3-none-any.whl")]
    public void Malformed_wheel_file_names_are_refused(string file) =>
        Assert.Throws<FormatException>(() => WheelFileName.Parse(file));
}
