namespace DockerBuild.Graph.Planning.Layout;

/// <summary>
/// Lays the target graph out in columns, left to right in execution order (a Sugiyama-style layered drawing):
/// columns by longest path, long arrows split into waypoints, crossings reduced, then boxes placed and arrows routed.
/// </summary>
public static class LayeredLayout
{
    private const double Margin = 24;
    private const double ColumnGap = 84;
    private static readonly CoordinateAssignment.Gaps Gaps = new(BetweenNodes: 26, BesideWaypoint: 14);

    /// <summary>Validates the nodes (see <see cref="PlanGraph.From"/>) and lays them out.</summary>
    public static PlanLayout Compute(IReadOnlyList<PlanNode> nodes) => Compute(PlanGraph.From(nodes));

    /// <summary>Lays out an already validated graph.</summary>
    public static PlanLayout Compute(PlanGraph graph)
    {
        var nodeCount = graph.Nodes.Count;
        var edgeEnds = graph.Edges.Select(e => (graph.IndexOf(e.Tail), graph.IndexOf(e.Head))).ToList();
        var (nodeLayers, againstLayers) = LayerAssignment.Assign(nodeCount, edgeEnds);

        // Vertices 0..nodeCount-1 are targets; the rest are waypoints of arrows spanning several columns.
        var layerOf = new List<int>(nodeLayers);
        var segments = new List<(int Upper, int Lower)>();
        var waypoints = new List<int>[edgeEnds.Count];
        for (var e = 0; e < edgeEnds.Count; e++)
        {
            waypoints[e] = [];
            if (againstLayers[e]) continue;
            var (tail, head) = edgeEnds[e];
            var previous = tail;
            for (var layer = nodeLayers[tail] + 1; layer < nodeLayers[head]; layer++)
            {
                var waypoint = layerOf.Count;
                layerOf.Add(layer);
                waypoints[e].Add(waypoint);
                segments.Add((previous, waypoint));
                previous = waypoint;
            }
            segments.Add((previous, head));
        }

        var vertexCount = layerOf.Count;
        var layerCount = nodeCount == 0 ? 0 : nodeLayers.Max() + 1;
        var layers = Enumerable.Range(0, layerCount).Select(_ => new List<int>()).ToArray();
        for (var v = 0; v < vertexCount; v++) layers[layerOf[v]].Add(v);
        var crossings = CrossingReduction.Reduce(layers, segments, [.. layerOf]);

        var isWaypoint = Enumerable.Range(0, vertexCount).Select(v => v >= nodeCount).ToArray();
        var widths = Enumerable.Range(0, vertexCount)
            .Select(v => isWaypoint[v] ? 0 : NodeMeasure.Width(graph.Nodes[v].Name)).ToArray();
        var heights = Enumerable.Range(0, vertexCount).Select(v => isWaypoint[v] ? 0 : NodeMeasure.Height).ToArray();
        var centreY = CoordinateAssignment.Place(layers, segments, heights, isWaypoint, Gaps);

        var columnLeft = new double[layerCount];
        var columnWidth = layers.Select(layer => layer.Select(v => widths[v]).DefaultIfEmpty(0).Max()).ToArray();
        for (var i = 0; i < layerCount; i++)
            columnLeft[i] = i == 0 ? Margin : columnLeft[i - 1] + columnWidth[i - 1] + ColumnGap;

        var placed = new PlacedNode[nodeCount];
        for (var v = 0; v < nodeCount; v++)
        {
            var layer = nodeLayers[v];
            var x = columnLeft[layer] + (columnWidth[layer] - widths[v]) / 2;
            placed[v] = new PlacedNode(graph.Nodes[v], layer, x, Margin + centreY[v] - heights[v] / 2, widths[v], heights[v]);
        }

        var columns = new EdgeRouting.Columns(columnLeft, columnWidth);
        var waypointPoints = Enumerable.Range(0, vertexCount)
            .Select(v => (Layer: layerOf[v], Y: Margin + centreY[v])).ToArray();
        var routes = EdgeRouting.Route(graph.Edges, edgeEnds, placed, waypoints, waypointPoints, columns);
        var edges = graph.Edges.Select((edge, e) => new PlacedEdge(edge, routes[e], againstLayers[e])).ToList();

        var width = layerCount == 0 ? 2 * Margin : columnLeft[^1] + columnWidth[^1] + Margin;
        var height = Enumerable.Range(0, vertexCount)
            .Select(v => Margin + centreY[v] + heights[v] / 2).DefaultIfEmpty(0).Max() + Margin;
        return new PlanLayout(placed, edges, width, Math.Max(height, 2 * Margin), crossings);
    }
}
