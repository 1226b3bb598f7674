using DockerBuild.Graph.Planning;
using NUnit.Framework;
using DockerBuild.Graph.Planning.Layout;

namespace DockerBuild.Tests.Plan;

[TestFixture]
[Category("Graph")]
public sealed class LayeredLayoutTests
{
    [Test]
    public void Every_target_sits_in_a_later_column_than_whatever_must_run_before_it()
    {
        var product = ProductPlan.WithEveryArrowKind();
        var layout = LayeredLayout.Compute(product);

        using (Assert.EnterMultipleScope())
        {
            foreach (var (from, to, kind) in ProductPlan.Edges(product))
            {
                Assert.That(layout[from].Layer, Is.LessThan(layout[to].Layer), $"{from} -> {to} ({kind})");
                Assert.That(layout[from].X + layout[from].Width, Is.LessThan(layout[to].X), $"{from} is left of {to}");
            }
        }
    }

    [Test]
    public void Column_is_the_longest_chain_of_prerequisites()
    {
        var product = ProductPlan.WithEveryArrowKind();
        var layout = LayeredLayout.Compute(product);

        // A target with nothing before it starts the first column; any other sits one right of its latest prerequisite.
        var before = ProductPlan.Edges(product).ToLookup(e => e.To, e => e.From);
        using (Assert.EnterMultipleScope())
        {
            foreach (var node in product)
                Assert.That(layout[node.Name].Layer, Is.EqualTo(before[node.Name].Select(b => layout[b].Layer + 1).DefaultIfEmpty(0).Max()), node.Name);
        }
        Assert.That(layout[ProductPlan.DefaultTarget].Layer, Is.GreaterThanOrEqualTo(3), "the lifecycle's chain before the default target spreads over columns");
    }

    [Test]
    public void The_product_graph_draws_without_crossings_or_overlapping_boxes()
    {
        var layout = LayeredLayout.Compute(ProductPlan.Nodes());

        Assert.That(layout.Crossings, Is.Zero);
        AssertNoOverlaps(layout);
        Assert.That(layout.Nodes.All(n => n.X >= 0 && n.Y >= 0 && n.X + n.Width <= layout.Width && n.Y + n.Height <= layout.Height),
            "every box lies inside the canvas");
    }

    [Test]
    public void Crossing_reduction_untangles_a_graph_given_in_a_tangled_order()
    {
        // Given in this order, A→Y and B→X cross; swapping one column removes every crossing.
        var nodes = new[]
        {
            Target("A"), Target("B"),
            Target("X", dependsOn: ["B"]), Target("Y", dependsOn: ["A"]),
            Target("P", dependsOn: ["X"]), Target("Q", dependsOn: ["Y"]),
        };

        var layout = LayeredLayout.Compute(nodes);

        Assert.That(layout.Crossings, Is.Zero);
        Assert.That(layout["A"].Y < layout["B"].Y, Is.EqualTo(layout["Y"].Y < layout["X"].Y), "A's successor is on A's side");
    }

    [Test]
    public void A_long_arrow_is_routed_around_the_boxes_in_the_columns_it_crosses()
    {
        var layout = LayeredLayout.Compute(ProductPlan.Nodes());

        // The arrow spanning the most columns (Prerequisites → GenerateImage today) must not pass through any box on the way.
        var longest = layout.Edges.MaxBy(e => layout[e.Edge.Head].Layer - layout[e.Edge.Tail].Layer)!;
        Assert.That(layout[longest.Edge.Head].Layer - layout[longest.Edge.Tail].Layer, Is.GreaterThanOrEqualTo(2), "the product graph has an arrow that skips a column");
        var route = longest.Points;
        foreach (var box in layout.Nodes.Where(n => n.Node.Name != longest.Edge.Tail && n.Node.Name != longest.Edge.Head))
        {
            foreach (var point in route)
            {
                var inside = point.X > box.X && point.X < box.X + box.Width && point.Y > box.Y && point.Y < box.Y + box.Height;
                Assert.That(inside, Is.False, $"waypoint {point} lies inside {box.Node.Name}");
            }
        }
        Assert.That(route, Has.Count.GreaterThan(2), "the route has waypoints in the columns between");
    }

    [Test]
    public void A_large_graph_keeps_every_arrow_pointing_right_and_no_boxes_overlapping()
    {
        // Sixty targets, each depending on up to three earlier ones: many long arrows and crowded columns.
        var random = new Random(20261121);
        var nodes = new List<PlanNode>();
        for (var i = 0; i < 60; i++)
        {
            var dependsOn = Enumerable.Range(0, random.Next(0, Math.Min(i, 3) + 1))
                .Select(_ => $"Target{random.Next(0, i)}").Distinct().ToArray();
            nodes.Add(Target($"Target{i}", dependsOn));
        }

        var layout = LayeredLayout.Compute(nodes);

        AssertNoOverlaps(layout);
        Assert.That(layout.Edges.All(e => layout[e.Edge.Tail].Layer < layout[e.Edge.Head].Layer), "every arrow points right");
        Assert.That(layout.Edges.All(e => e.Points.Zip(e.Points.Skip(1)).All(p => p.First.X <= p.Second.X)),
            "every route advances left to right");
    }

    [Test]
    public void A_cycle_still_lays_out_with_every_arrow()
    {
        var nodes = new[] { Target("A", dependsOn: ["C"]), Target("B", dependsOn: ["A"]), Target("C", dependsOn: ["B"]) };

        var layout = LayeredLayout.Compute(nodes);

        Assert.That(layout.Edges, Has.Count.EqualTo(3));
        Assert.That(layout.Edges.Count(e => e.AgainstLayers), Is.EqualTo(1));
        AssertNoOverlaps(layout);
    }

    [Test]
    public void A_reference_to_an_unknown_target_names_the_target_and_the_field()
    {
        var nodes = new[] { Target("Upload", dependsOn: ["BuildWheels"]) };

        var error = Assert.Throws<ArgumentException>(() => LayeredLayout.Compute(nodes));

        Assert.That(error!.Message, Does.Contain("'Upload'").And.Contain("'BuildWheels'").And.Contain("DependsOn").And.Contain("known targets: Upload"));
    }

    [Test]
    public void A_duplicated_target_name_is_rejected()
    {
        var error = Assert.Throws<ArgumentException>(() => LayeredLayout.Compute([Target("Mirror"), Target("Mirror")]));

        Assert.That(error!.Message, Does.Contain("'Mirror' is listed twice"));
    }

    private static void AssertNoOverlaps(PlanLayout layout)
    {
        var boxes = layout.Nodes;
        for (var i = 0; i < boxes.Count; i++)
        for (var j = i + 1; j < boxes.Count; j++)
        {
            var (a, b) = (boxes[i], boxes[j]);
            var overlap = a.X < b.X + b.Width && b.X < a.X + a.Width && a.Y < b.Y + b.Height && b.Y < a.Y + a.Height;
            Assert.That(overlap, Is.False, $"{a.Node.Name} overlaps {b.Node.Name}");
        }
    }

    private static PlanNode Target(string name, params string[] dependsOn) =>
        new() { Name = name, DependsOn = dependsOn, PlanIfInvoked = [.. dependsOn, name] };
}
