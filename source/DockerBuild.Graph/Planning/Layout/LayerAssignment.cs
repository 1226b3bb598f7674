namespace DockerBuild.Graph.Planning.Layout;

/// <summary>
/// Puts each target in a column: its layer is the longest path of execution-order edges leading to it, so every
/// target sits to the right of everything that must run before it. A cycle (which the engine itself rejects)
/// is broken by setting aside the edges that close it, so a broken graph still draws instead of failing.
/// </summary>
internal static class LayerAssignment
{
    /// <summary>Layer per vertex, and per edge whether it was set aside to break a cycle.</summary>
    public static (int[] Layers, bool[] Reversed) Assign(int vertexCount, IReadOnlyList<(int Tail, int Head)> edges)
    {
        var reversed = FindCycleClosingEdges(vertexCount, edges);
        var successors = Enumerable.Range(0, vertexCount).Select(_ => new List<int>()).ToArray();
        var indegree = new int[vertexCount];
        for (var e = 0; e < edges.Count; e++)
        {
            if (reversed[e]) continue;
            successors[edges[e].Tail].Add(edges[e].Head);
            indegree[edges[e].Head]++;
        }

        var layers = new int[vertexCount];
        var ready = new Queue<int>(Enumerable.Range(0, vertexCount).Where(v => indegree[v] == 0));
        while (ready.Count > 0)
        {
            var v = ready.Dequeue();
            foreach (var w in successors[v])
            {
                layers[w] = Math.Max(layers[w], layers[v] + 1);
                if (--indegree[w] == 0) ready.Enqueue(w);
            }
        }
        return (layers, reversed);
    }

    // Depth-first search in input order; an edge into a vertex still on the stack closes a cycle.
    private static bool[] FindCycleClosingEdges(int vertexCount, IReadOnlyList<(int Tail, int Head)> edges)
    {
        var outgoing = Enumerable.Range(0, vertexCount).Select(_ => new List<int>()).ToArray();
        for (var e = 0; e < edges.Count; e++) outgoing[edges[e].Tail].Add(e);

        var reversed = new bool[edges.Count];
        var state = new byte[vertexCount]; // 0 unvisited, 1 on stack, 2 done
        var stack = new Stack<(int Vertex, int NextEdge)>();
        for (var root = 0; root < vertexCount; root++)
        {
            if (state[root] != 0) continue;
            state[root] = 1;
            stack.Push((root, 0));
            while (stack.Count > 0)
            {
                var (v, next) = stack.Pop();
                if (next == outgoing[v].Count)
                {
                    state[v] = 2;
                    continue;
                }
                stack.Push((v, next + 1));
                var e = outgoing[v][next];
                var w = edges[e].Head;
                if (state[w] == 1) reversed[e] = true;
                else if (state[w] == 0)
                {
                    state[w] = 1;
                    stack.Push((w, 0));
                }
            }
        }
        return reversed;
    }
}
