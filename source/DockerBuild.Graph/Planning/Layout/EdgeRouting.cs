namespace DockerBuild.Graph.Planning.Layout;

/// <summary>
/// Turns placed boxes and waypoints into arrow routes. Arrows leave a box on its right side and enter on its left;
/// when several share a side their ports are spread out, in the vertical order of where they come from or go
/// to, so arrowheads do not pile up on one point and the arrows do not cross at the box.
/// </summary>
internal static class EdgeRouting
{
    private const double PortSpacing = 10;

    /// <summary>Left edge and width of every column.</summary>
    public sealed record Columns(double[] Left, double[] Width);

    /// <summary>Points per edge: tail port, then each waypoint as a straight run across its column, then head port.</summary>
    public static IReadOnlyList<PlanPoint>[] Route(
        IReadOnlyList<PlanEdge> edges,
        IReadOnlyList<(int Tail, int Head)> ends,
        IReadOnlyList<PlacedNode> nodes,
        IReadOnlyList<int>[] waypoints,
        IReadOnlyList<(int Layer, double Y)> vertices,
        Columns columns)
    {
        double CentreY(int node) => nodes[node].Y + nodes[node].Height / 2;
        double NextY(int e) => waypoints[e].Count > 0 ? vertices[waypoints[e][0]].Y : CentreY(ends[e].Head);
        double PreviousY(int e) => waypoints[e].Count > 0 ? vertices[waypoints[e][^1]].Y : CentreY(ends[e].Tail);

        var tailPortY = SpreadPorts(edges.Count, nodes, e => ends[e].Tail, NextY, edges);
        var headPortY = SpreadPorts(edges.Count, nodes, e => ends[e].Head, PreviousY, edges);

        var routes = new IReadOnlyList<PlanPoint>[edges.Count];
        for (var e = 0; e < edges.Count; e++)
        {
            var tail = nodes[ends[e].Tail];
            var head = nodes[ends[e].Head];
            var points = new List<PlanPoint> { new(tail.X + tail.Width, tailPortY[e]) };
            foreach (var waypoint in waypoints[e])
            {
                var (layer, y) = vertices[waypoint];
                points.Add(new PlanPoint(columns.Left[layer], y));
                points.Add(new PlanPoint(columns.Left[layer] + columns.Width[layer], y));
            }
            points.Add(new PlanPoint(head.X, headPortY[e]));
            routes[e] = points;
        }
        return routes;
    }

    private static double[] SpreadPorts(
        int edgeCount, IReadOnlyList<PlacedNode> nodes, Func<int, int> owner, Func<int, double> otherEndY,
        IReadOnlyList<PlanEdge> edges)
    {
        var portY = new double[edgeCount];
        foreach (var group in Enumerable.Range(0, edgeCount).GroupBy(owner))
        {
            var node = nodes[group.Key];
            var ordered = group.OrderBy(otherEndY).ThenBy(e => edges[e].Kind).ThenBy(e => e).ToList();
            var spacing = ordered.Count < 2 ? 0 : Math.Min(PortSpacing, node.Height * 0.7 / (ordered.Count - 1));
            for (var i = 0; i < ordered.Count; i++)
                portY[ordered[i]] = node.Y + node.Height / 2 + (i - (ordered.Count - 1) / 2.0) * spacing;
        }
        return portY;
    }
}
