namespace DockerBuild.Graph.Planning.Layout;

/// <summary>
/// Orders the vertices inside each layer so that fewer arrows cross: repeated barycentre sweeps (each vertex
/// moves to the mean position of its neighbours in the layer just fixed), each followed by swapping
/// neighbouring vertices wherever that alone removes crossings, keeping the best order seen.
/// </summary>
internal static class CrossingReduction
{
    private const int Rounds = 16;

    /// <summary>
    /// Reorders <paramref name="layers"/> in place. <paramref name="segments"/> join a vertex in layer i to one
    /// in layer i + 1 (long edges were already split by dummy vertices).
    /// </summary>
    public static int Reduce(List<int>[] layers, IReadOnlyList<(int Upper, int Lower)> segments, int[] layerOf)
    {
        var vertexCount = layerOf.Length;
        var above = Enumerable.Range(0, vertexCount).Select(_ => new List<int>()).ToArray();
        var below = Enumerable.Range(0, vertexCount).Select(_ => new List<int>()).ToArray();
        foreach (var (upper, lower) in segments)
        {
            below[upper].Add(lower);
            above[lower].Add(upper);
        }

        var position = new int[vertexCount];
        void Index(List<int> layer)
        {
            for (var i = 0; i < layer.Count; i++) position[layer[i]] = i;
        }
        foreach (var layer in layers) Index(layer);

        var best = Snapshot(layers);
        var bestCrossings = CountCrossings(segments, layerOf, position);
        for (var round = 0; round < Rounds && bestCrossings > 0; round++)
        {
            for (var i = 1; i < layers.Length; i++)
            {
                Sort(layers[i], above, position);
                Index(layers[i]);
            }
            for (var i = layers.Length - 2; i >= 0; i--)
            {
                Sort(layers[i], below, position);
                Index(layers[i]);
            }
            Transpose(layers, above, below, position);
            var crossings = CountCrossings(segments, layerOf, position);
            if (crossings < bestCrossings)
            {
                bestCrossings = crossings;
                best = Snapshot(layers);
            }
        }

        // Targets with no arrows at all go to the bottom of their column, out of the way of the connected ones.
        for (var i = 0; i < layers.Length; i++)
        {
            layers[i].Clear();
            layers[i].AddRange(best[i].OrderBy(v => above[v].Count + below[v].Count == 0 ? 1 : 0));
        }
        return bestCrossings;
    }

    /// <summary>Number of pairs of segments that cross, given each vertex's position within its layer.</summary>
    public static int CountCrossings(IReadOnlyList<(int Upper, int Lower)> segments, int[] layerOf, int[] position)
    {
        var crossings = 0;
        foreach (var between in segments.GroupBy(s => layerOf[s.Upper]))
        {
            var pairs = between.Select(s => (Upper: position[s.Upper], Lower: position[s.Lower])).ToArray();
            for (var a = 0; a < pairs.Length; a++)
            for (var b = a + 1; b < pairs.Length; b++)
            {
                var upper = pairs[a].Upper - pairs[b].Upper;
                var lower = pairs[a].Lower - pairs[b].Lower;
                if ((upper < 0 && lower > 0) || (upper > 0 && lower < 0)) crossings++;
            }
        }
        return crossings;
    }

    // A vertex with no neighbours on the fixed side keeps its current place, so isolated targets do not drift.
    private static void Sort(List<int> layer, List<int>[] neighbours, int[] position)
    {
        var keys = new Dictionary<int, double>(layer.Count);
        foreach (var v in layer)
            keys[v] = neighbours[v].Count == 0 ? position[v] : neighbours[v].Average(n => (double)position[n]);
        var ordered = layer.Select((v, i) => (v, i)).OrderBy(p => keys[p.v]).ThenBy(p => p.i).Select(p => p.v).ToList();
        layer.Clear();
        layer.AddRange(ordered);
    }

    // Barycentres place vertices well on average but leave local tangles; swapping adjacent pairs fixes those.
    private static void Transpose(List<int>[] layers, List<int>[] above, List<int>[] below, int[] position)
    {
        for (var pass = 0; pass < 8; pass++)
        {
            var improved = false;
            foreach (var layer in layers)
            {
                for (var k = 0; k + 1 < layer.Count; k++)
                {
                    var (left, right) = (layer[k], layer[k + 1]);
                    var asIs = PairCrossings(left, right, above, position) + PairCrossings(left, right, below, position);
                    var swapped = PairCrossings(right, left, above, position) + PairCrossings(right, left, below, position);
                    if (swapped >= asIs) continue;
                    (layer[k], layer[k + 1]) = (right, left);
                    (position[left], position[right]) = (position[right], position[left]);
                    improved = true;
                }
            }
            if (!improved) return;
        }
    }

    // Crossings among the arrows of two vertices on one side, with `left` placed before `right`.
    private static int PairCrossings(int left, int right, List<int>[] neighbours, int[] position)
    {
        var crossings = 0;
        foreach (var a in neighbours[left])
            foreach (var b in neighbours[right])
                if (position[a] > position[b]) crossings++;
        return crossings;
    }

    private static List<int>[] Snapshot(List<int>[] layers) => layers.Select(l => l.ToList()).ToArray();
}
