namespace DockerBuild.Graph.Planning.Layout;

/// <summary>A point on the drawing, in SVG user units (pixels at 100 % zoom).</summary>
public readonly record struct PlanPoint(double X, double Y);

/// <summary>A target's box: its column (<see cref="Layer"/>) and top-left corner.</summary>
public sealed record PlacedNode(PlanNode Node, int Layer, double X, double Y, double Width, double Height);

/// <summary>
/// An arrow's route from the tail box's right side to the head box's left side. <see cref="AgainstLayers"/> marks
/// an arrow that closes a cycle and therefore points backwards.
/// </summary>
public sealed record PlacedEdge(PlanEdge Edge, IReadOnlyList<PlanPoint> Points, bool AgainstLayers);

/// <summary>The whole drawing: every target placed, every arrow routed, and the size of the canvas.</summary>
public sealed record PlanLayout(
    IReadOnlyList<PlacedNode> Nodes, IReadOnlyList<PlacedEdge> Edges, double Width, double Height, int Crossings)
{
    /// <summary>The placed box of the named target.</summary>
    public PlacedNode this[string name] => Nodes.First(n => n.Node.Name == name);
}
