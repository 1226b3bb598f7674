using System.Globalization;
using System.Text;
using DockerBuild.Graph.Planning.Layout;

namespace DockerBuild.Graph.Planning.Rendering;

/// <summary>
/// Writes the laid-out graph as inline SVG. Positions are final here, so the drawing reads without JavaScript;
/// the script only toggles classes. Every node is a <c>g.node[data-target]</c> and every arrow a
/// <c>path.edge[data-from][data-to][data-kind]</c>, which is what the page script and tests select on.
/// </summary>
internal static class PlanSvgWriter
{
    private const double StepBadgeRadius = 10;

    public static void Write(StringBuilder html, PlanLayout layout)
    {
        var defaultPlan = new DefaultPlan(layout);
        html.Append($"""<svg class="plan-graph" xmlns="http://www.w3.org/2000/svg" width="{Markup.Number(layout.Width)}" height="{Markup.Number(layout.Height)}" viewBox="0 0 {Markup.Number(layout.Width)} {Markup.Number(layout.Height)}" role="group" aria-label="Target graph">""").Append('\n');
        WriteMarkers(html);

        html.Append("""<g class="edges">""").Append('\n');
        foreach (var edge in layout.Edges) WriteEdge(html, edge, defaultPlan);
        html.Append("</g>\n");

        html.Append("""<g class="nodes">""").Append('\n');
        foreach (var node in layout.Nodes.OrderBy(n => n.Layer).ThenBy(n => n.Y)) WriteNode(html, node, defaultPlan);
        html.Append("</g>\n</svg>\n");
    }

    /// <summary>
    /// What the resting page marks: the targets flagged <see cref="PlanNode.InDefaultPlan"/>, numbered in the order
    /// the default target's plan runs them.
    /// </summary>
    private sealed class DefaultPlan
    {
        private readonly HashSet<string> _members;
        private readonly Dictionary<string, int> _steps = new(StringComparer.Ordinal);

        public DefaultPlan(PlanLayout layout)
        {
            var nodes = layout.Nodes.Select(n => n.Node).ToList();
            _members = nodes.Where(n => n.InDefaultPlan).Select(n => n.Name).ToHashSet(StringComparer.Ordinal);
            foreach (var name in nodes.FirstOrDefault(n => n.IsDefault)?.PlanIfInvoked ?? [])
                _steps.TryAdd(name, _steps.Count + 1);
        }

        public bool Contains(string name) => _members.Contains(name);

        public string StepOf(string name) =>
            _steps.TryGetValue(name, out var step) ? step.ToString(CultureInfo.InvariantCulture) : "";
    }

    /// <summary>One arrowhead per kind, sized in pixels so that thicker highlighted lines keep the same heads.</summary>
    private static void WriteMarkers(StringBuilder html)
    {
        html.Append("<defs>\n");
        foreach (var kind in Enum.GetValues<PlanEdgeKind>())
        {
            var name = Markup.KindName(kind);
            html.Append($"""<marker id="arrow-{name}" class="arrowhead {name}" viewBox="0 0 10 8" refX="10" refY="4" markerWidth="10" markerHeight="8" markerUnits="userSpaceOnUse" orient="auto"><path d="M0,0 L10,4 L0,8 z"/></marker>""").Append('\n');
        }
        html.Append("</defs>\n");
    }

    private static void WriteEdge(StringBuilder html, PlacedEdge placed, DefaultPlan defaultPlan)
    {
        var (tail, head, kind) = placed.Edge;
        var name = Markup.KindName(kind);
        var classes = "edge " + name;
        if (defaultPlan.Contains(tail) && defaultPlan.Contains(head)) classes += " in-default-plan";
        if (placed.AgainstLayers) classes += " against-layers";
        html.Append($"""<path class="{classes}" data-from="{Markup.Text(tail)}" data-to="{Markup.Text(head)}" data-kind="{name}" d="{PathData(placed.Points)}" marker-end="url(#arrow-{name})">""");
        html.Append("<title>").Append(Markup.Text(Describe(placed.Edge))).Append("</title></path>\n");
    }

    private static string Describe(PlanEdge edge) => edge.Kind switch
    {
        PlanEdgeKind.DependsOn => $"{edge.Head} depends on {edge.Tail}",
        PlanEdgeKind.RunsAfter => $"{edge.Head} runs after {edge.Tail} when both are planned",
        _ => $"{edge.Tail} triggers {edge.Head}",
    };

    // Horizontal tangents at every point give smooth S-curves between columns and straight runs across them;
    // an arrow closing a cycle points backwards, so it swings out to the right of its tail and back in.
    private static string PathData(IReadOnlyList<PlanPoint> points)
    {
        var data = new StringBuilder($"M{Markup.Number(points[0].X)},{Markup.Number(points[0].Y)}");
        for (var i = 1; i < points.Count; i++)
        {
            var (from, to) = (points[i - 1], points[i]);
            var reach = to.X > from.X ? (to.X - from.X) / 2 : 80;
            if (to.X > from.X && Math.Abs(to.Y - from.Y) < 0.05)
                data.Append($" L{Markup.Number(to.X)},{Markup.Number(to.Y)}");
            else
                data.Append($" C{Markup.Number(from.X + reach)},{Markup.Number(from.Y)} {Markup.Number(to.X - reach)},{Markup.Number(to.Y)} {Markup.Number(to.X)},{Markup.Number(to.Y)}");
        }
        return data.ToString();
    }

    private static void WriteNode(StringBuilder html, PlacedNode placed, DefaultPlan defaultPlan)
    {
        var node = placed.Node;
        var classes = "node";
        if (node.IsDefault) classes += " default";
        if (defaultPlan.Contains(node.Name)) classes += " in-default-plan";
        if (node.Unlisted) classes += " unlisted";
        var tag = node.IsDefault ? "default target" : node.Unlisted ? "unlisted" : null;
        var label = node.Description.Length == 0 ? node.Name : $"{node.Name}: {node.Description}";

        html.Append($"""<g class="{classes}" data-target="{Markup.Text(node.Name)}" data-layer="{placed.Layer}" transform="translate({Markup.Number(placed.X)},{Markup.Number(placed.Y)})" tabindex="0" role="button" aria-label="{Markup.Text(label)}">""");
        html.Append("<title>").Append(Markup.Text(label)).Append("</title>");
        html.Append($"""<rect class="box" width="{Markup.Number(placed.Width)}" height="{Markup.Number(placed.Height)}" rx="8"/>""");
        var nameY = tag is null ? placed.Height / 2 : placed.Height / 2 - 7;
        html.Append($"""<text class="name" x="{Markup.Number(placed.Width / 2)}" y="{Markup.Number(nameY)}">{Markup.Text(node.Name)}</text>""");
        if (tag is not null)
            html.Append($"""<text class="tag" x="{Markup.Number(placed.Width / 2)}" y="{Markup.Number(placed.Height / 2 + 10)}">{tag}</text>""");
        html.Append($"""<g class="step"><circle r="{Markup.Number(StepBadgeRadius)}"/><text class="step-number">{defaultPlan.StepOf(node.Name)}</text></g>""");
        html.Append("</g>\n");
    }
}
