using DockerBuild.Lifecycle;
using DockerBuild.Selection;
using DockerBuild.Tests.Data;
using NUnit.Framework;

namespace DockerBuild.Tests.Lifecycle;

/// <summary>What a run works on: a default run builds what this machine can, a named wheel is always attempted.</summary>
[TestFixture]
[Category("Data")]
public sealed class BuildSelectionTests
{
    private static SelectionRequest Settings(params string[] wheels) => new()
    {
        RootDirectory = RepositoryRoot.Find(),
        Wheels = wheels,
        Platforms = ["linux-x64-py3.11", "linux-arm64-py3.11"],
    };

    [Test]
    public void A_default_run_without_a_package_index_leaves_published_wheels_out_and_says_how_to_include_them()
    {
        var selection = BuildSelection.Load(Settings(), packageIndexConfigured: false);

        Assert.That(selection.Pairs.Any(p => p.UsesPublishedWheel), Is.False);
        Assert.That(selection.Pairs.Select(p => p.Wheel.Name), Does.Contain("fastsum").And.Contain("zcodec"));
        Assert.That(selection.SkippedPublishedWarning, Does.Contain("numpy==1.26.4 @ linux-arm64-py3.11").And.Contain("--index-url"));
    }

    [Test]
    public void A_wheel_named_with_wheel_is_kept_even_without_an_index_so_its_build_fails_with_the_instructions()
    {
        var selection = BuildSelection.Load(Settings("numpy"), packageIndexConfigured: false);

        Assert.That(selection.Pairs.Select(p => p.Wheel.Name).Distinct(), Is.EqualTo(new[] { "numpy" }));
        Assert.That(selection.SkippedPublishedWarning, Is.Null);
    }

    [Test]
    public void With_an_index_a_default_run_includes_published_wheels()
    {
        var selection = BuildSelection.Load(Settings(), packageIndexConfigured: true);

        Assert.That(selection.Pairs.Count(p => p.UsesPublishedWheel), Is.EqualTo(2));
        Assert.That(selection.SkippedPublishedPairs, Is.Empty);
    }
}
