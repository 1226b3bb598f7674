using DockerBuild.Lifecycle;
using DockerBuild.Selection;
using DockerBuild.Tests.Data;
using DockerBuild.Wheels;
using NUnit.Framework;

namespace DockerBuild.Tests.Lifecycle;

/// <summary>
/// What a run works on: a default run builds what this machine can, a named wheel is always attempted. The expected
/// pairs come from the shipped wheels/ as loaded, so the tests hold whatever wheels are shipped, as long as one of
/// them is published for the platforms here.
/// </summary>
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

    /// <summary>Every pair a run with an index works on.</summary>
    private static readonly BuildSelection WithIndex = BuildSelection.Load(Settings(), packageIndexConfigured: true);

    /// <summary>Pairs of separate loads compared by what they name (each load makes its own spec objects).</summary>
    private static IEnumerable<string> Names(IEnumerable<WheelPair> pairs) => pairs.Select(p => p.ToString());

    private static IReadOnlyList<WheelPair> PublishedPairs()
    {
        var published = WithIndex.Pairs.Where(p => p.UsesPublishedWheel).ToList();
        Assert.That(published, Is.Not.Empty, "the shipped wheels include one that is published for these platforms");
        return published;
    }

    [Test]
    public void A_default_run_without_a_package_index_leaves_published_wheels_out_and_says_how_to_include_them()
    {
        var published = PublishedPairs();

        var selection = BuildSelection.Load(Settings(), packageIndexConfigured: false);

        Assert.That(selection.Pairs.Any(p => p.UsesPublishedWheel), Is.False);
        Assert.That(Names(selection.Pairs), Is.EquivalentTo(Names(WithIndex.Pairs.Except(published))), "every pair built here is still built");
        Assert.That(Names(selection.SkippedPublishedPairs), Is.EquivalentTo(Names(published)));
        Assert.That(selection.SkippedPublishedWarning, Does.Contain("--index-url"));
        foreach (var pair in published)
            Assert.That(selection.SkippedPublishedWarning, Does.Contain($"{pair.Wheel.Id} @ {pair.Platform.Name}"));
    }

    [Test]
    public void A_wheel_named_with_wheel_is_kept_even_without_an_index_so_its_build_fails_with_the_instructions()
    {
        var name = PublishedPairs()[0].Wheel.Name;

        var selection = BuildSelection.Load(Settings(name), packageIndexConfigured: false);

        Assert.That(selection.Pairs.Select(p => p.Wheel.Name).Distinct(), Is.EqualTo(new[] { name }));
        Assert.That(Names(selection.Pairs), Is.EquivalentTo(Names(WithIndex.Pairs.Where(p => p.Wheel.Name == name))));
        Assert.That(selection.SkippedPublishedWarning, Is.Null);
    }

    [Test]
    public void With_an_index_a_default_run_includes_published_wheels()
    {
        var skipped = BuildSelection.Load(Settings(), packageIndexConfigured: false).SkippedPublishedPairs;

        Assert.That(Names(WithIndex.Pairs.Where(p => p.UsesPublishedWheel)), Is.EquivalentTo(Names(skipped)).And.Not.Empty);
        Assert.That(WithIndex.SkippedPublishedPairs, Is.Empty);
        Assert.That(WithIndex.SkippedPublishedWarning, Is.Null);
    }
}
