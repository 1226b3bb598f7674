using DockerBuild.Ci;
using DockerBuild.Lifecycle;
using DockerBuild.Selection;
using DockerBuild.Specs;
using DockerBuild.Wheels;
using NUnit.Framework;

namespace DockerBuild.Tests.Uploads;

/// <summary>--partition k/N: parsing, and splits that are disjoint, complete, balanced and order-independent.</summary>
[TestFixture, Category("Upload")]
public sealed class PartitionTests
{
    private static IReadOnlyList<WheelPair> AllPairs()
    {
        var catalog = UploadScratch.Catalog;
        var wheels = WheelCatalog.Load(Data.RepositoryRoot.Wheels, catalog).All;
        return WheelCatalog.Pairs(wheels, catalog.All);
    }

    [TestCase("1/1", 1, 1)]
    [TestCase("2/3", 2, 3)]
    [TestCase(" 3/3 ", 3, 3)]
    public void Valid_partitions_parse(string text, int index, int count) =>
        Assert.That(Partition.Parse(text), Is.EqualTo(new Partition(index, count)));

    [TestCase("1/0", "at least 1")]
    [TestCase("3/2", "between 1 and 2")]
    [TestCase("0/2", "between 1 and 2")]
    [TestCase("x/y", "whole numbers")]
    [TestCase("2", "whole numbers")]
    [TestCase("-1/2", "whole numbers")]
    [TestCase("", "whole numbers")]
    public void Invalid_partitions_are_refused_with_the_rule(string text, string rule)
    {
        var error = Assert.Throws<FormatException>(() => Partition.Parse(text));
        Assert.That(error!.Message, Does.Contain($"'{text}'").And.Contain(rule));
    }

    [Test]
    public void Parts_are_disjoint_cover_every_pair_and_differ_in_size_by_at_most_one([Values(1, 2, 3, 4, 7)] int count)
    {
        var pairs = AllPairs();
        Assume.That(pairs, Has.Count.GreaterThan(7), "the checkout's wheels and platforms give enough pairs to split");
        var parts = Enumerable.Range(1, count).Select(k => new Partition(k, count).Apply(pairs)).ToList();

        var all = parts.SelectMany(p => p).ToList();
        Assert.That(all, Is.Unique, "no pair is in two parts");
        Assert.That(all, Is.EquivalentTo(pairs), "every pair is in some part");
        Assert.That(parts.Max(p => p.Count) - parts.Min(p => p.Count), Is.LessThanOrEqualTo(1));
    }

    [Test]
    public void The_split_does_not_depend_on_the_order_the_pairs_arrive_in()
    {
        var pairs = AllPairs();
        var reversed = pairs.Reverse().ToList();
        for (var k = 1; k <= 3; k++)
        {
            var partition = new Partition(k, 3);
            Assert.That(partition.Apply(reversed), Is.EquivalentTo(partition.Apply(pairs)));
        }
        var positions = new Partition(2, 3).Apply(pairs).Select(p => pairs.ToList().IndexOf(p)).ToList();
        Assert.That(positions, Is.Ordered.And.Not.Empty, "each part keeps the given (wheel-major) order");
    }

    [Test]
    public void The_selection_hands_BuildWheel_and_Upload_only_this_machines_share_and_refuses_a_bad_partition()
    {
        SelectionRequest Settings(string? partition) => new()
        {
            RootDirectory = Data.RepositoryRoot.Find(),
            Platforms = ["linux-x64", "linux-arm64", "universal"],
            Partition = partition,
        };
        var whole = BuildSelection.Load(Settings(null));
        var second = BuildSelection.Load(Settings("2/2"));

        Assert.That(whole.PartitionPairs, Is.EqualTo(whole.Pairs));
        // Two loads give distinct spec objects: compare the pairs by what they name.
        Assert.That(second.PartitionPairs.Select(p => p.ToString()),
            Is.EqualTo(new Partition(2, 2).Apply(whole.Pairs).Select(p => p.ToString())));
        Assert.That(second.PartitionPairs, Has.Count.LessThan(whole.Pairs.Count));
        var error = Assert.Throws<SelectionException>(() => BuildSelection.Load(Settings("3/2")));
        Assert.That(error!.Message, Does.Contain("'3/2'"));
    }
}
