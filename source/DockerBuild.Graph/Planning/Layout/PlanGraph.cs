namespace DockerBuild.Graph.Planning.Layout;

/// <summary>
/// The targets of a plan page after validation: names are unique and non-empty, and every edge or plan entry
/// names a listed target. Edges are derived from the nodes once, in execution order.
/// </summary>
public sealed class PlanGraph
{
    private readonly Dictionary<string, int> _indexByName;

    private PlanGraph(IReadOnlyList<PlanNode> nodes, Dictionary<string, int> indexByName, IReadOnlyList<PlanEdge> edges)
    {
        Nodes = nodes;
        _indexByName = indexByName;
        Edges = edges;
    }

    /// <summary>The targets, in the order they were given.</summary>
    public IReadOnlyList<PlanNode> Nodes { get; }

    /// <summary>Every distinct (tail, head, kind) arrow.</summary>
    public IReadOnlyList<PlanEdge> Edges { get; }

    /// <summary>Position of the named target in <see cref="Nodes"/>.</summary>
    public int IndexOf(string name) => _indexByName[name];

    /// <summary>Validates the nodes and derives the edges; throws <see cref="ArgumentException"/> naming the bad value.</summary>
    public static PlanGraph From(IReadOnlyList<PlanNode> nodes)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        var indexByName = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < nodes.Count; i++)
        {
            var name = nodes[i].Name;
            if (string.IsNullOrWhiteSpace(name))
                throw new ArgumentException($"Plan node #{i + 1} has an empty name; every target needs a name.", nameof(nodes));
            if (!indexByName.TryAdd(name, i))
                throw new ArgumentException($"Target '{name}' is listed twice in the plan; target names must be unique.", nameof(nodes));
        }

        var edges = new List<PlanEdge>();
        var seen = new HashSet<PlanEdge>();
        void Add(PlanNode owner, string field, string other, PlanEdge edge)
        {
            Require(owner, field, other, indexByName);
            if (other == owner.Name)
                throw new ArgumentException($"Target '{owner.Name}' names itself in {field}; a target cannot constrain itself.", nameof(nodes));
            if (seen.Add(edge))
                edges.Add(edge);
        }

        foreach (var node in nodes)
        {
            foreach (var other in node.DependsOn)
                Add(node, nameof(PlanNode.DependsOn), other, new PlanEdge(other, node.Name, PlanEdgeKind.DependsOn));
            foreach (var other in node.RunsAfter)
                Add(node, nameof(PlanNode.RunsAfter), other, new PlanEdge(other, node.Name, PlanEdgeKind.RunsAfter));
            foreach (var other in node.Triggers)
                Add(node, nameof(PlanNode.Triggers), other, new PlanEdge(node.Name, other, PlanEdgeKind.Triggers));
            foreach (var other in node.PlanIfInvoked)
                Require(node, nameof(PlanNode.PlanIfInvoked), other, indexByName);
        }

        return new PlanGraph(nodes, indexByName, edges);
    }

    private static void Require(PlanNode owner, string field, string other, Dictionary<string, int> indexByName)
    {
        if (!indexByName.ContainsKey(other))
            throw new ArgumentException(
                $"Target '{owner.Name}' names '{other}' in {field}, but no such target is in the plan; " +
                $"known targets: {string.Join(", ", indexByName.Keys)}.", "nodes");
    }
}
