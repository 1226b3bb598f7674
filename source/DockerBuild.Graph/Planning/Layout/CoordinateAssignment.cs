namespace DockerBuild.Graph.Planning.Layout;

/// <summary>
/// Chooses the vertical centre of every vertex once the order inside each layer is fixed: each vertex is pulled
/// towards the mean height of its neighbours in the adjacent layer, and the whole layer is then fitted to those
/// wishes by least squares without reordering or overlapping (isotonic regression), so arrows run as straight
/// as the order allows.
/// </summary>
internal static class CoordinateAssignment
{
    private const int Rounds = 12;

    /// <summary>Vertical gaps: between two target boxes, and next to a waypoint of a long arrow.</summary>
    public readonly record struct Gaps(double BetweenNodes, double BesideWaypoint);

    /// <summary>Centre y per vertex; the topmost box edge is at 0.</summary>
    public static double[] Place(
        List<int>[] layers, IReadOnlyList<(int Upper, int Lower)> segments, double[] heights, bool[] isWaypoint, Gaps gaps)
    {
        var vertexCount = heights.Length;
        var above = Enumerable.Range(0, vertexCount).Select(_ => new List<int>()).ToArray();
        var below = Enumerable.Range(0, vertexCount).Select(_ => new List<int>()).ToArray();
        foreach (var (upper, lower) in segments)
        {
            below[upper].Add(lower);
            above[lower].Add(upper);
        }

        var offsets = layers.Select(layer => Offsets(layer, heights, isWaypoint, gaps)).ToArray();
        var tallest = offsets.Select(o => o.Length == 0 ? 0 : o[^1]).DefaultIfEmpty(0).Max();
        var y = new double[vertexCount];
        for (var i = 0; i < layers.Length; i++)
        {
            var lift = (tallest - (offsets[i].Length == 0 ? 0 : offsets[i][^1])) / 2;
            for (var k = 0; k < layers[i].Count; k++) y[layers[i][k]] = offsets[i][k] + lift;
        }

        for (var round = 0; round < Rounds; round++)
        {
            for (var i = 1; i < layers.Length; i++) Align(layers[i], offsets[i], above, y);
            for (var i = layers.Length - 2; i >= 0; i--) Align(layers[i], offsets[i], below, y);
        }
        for (var i = 1; i < layers.Length; i++) Align(layers[i], offsets[i], above, y);

        var top = Enumerable.Range(0, vertexCount).Select(v => y[v] - heights[v] / 2).DefaultIfEmpty(0).Min();
        for (var v = 0; v < vertexCount; v++) y[v] -= top;
        return y;
    }

    // Distance of each vertex's centre from the first one's when the layer is packed as tightly as allowed.
    private static double[] Offsets(List<int> layer, double[] heights, bool[] isWaypoint, Gaps gaps)
    {
        var offsets = new double[layer.Count];
        for (var k = 1; k < layer.Count; k++)
        {
            var (a, b) = (layer[k - 1], layer[k]);
            var gap = isWaypoint[a] || isWaypoint[b] ? gaps.BesideWaypoint : gaps.BetweenNodes;
            offsets[k] = offsets[k - 1] + (heights[a] + heights[b]) / 2 + gap;
        }
        return offsets;
    }

    private static void Align(List<int> layer, double[] offsets, List<int>[] neighbours, double[] y)
    {
        var wish = new double[layer.Count];
        for (var k = 0; k < layer.Count; k++)
        {
            var v = layer[k];
            var desired = neighbours[v].Count == 0 ? y[v] : neighbours[v].Average(n => y[n]);
            wish[k] = desired - offsets[k];
        }
        var fitted = NonDecreasingFit(wish);
        for (var k = 0; k < layer.Count; k++) y[layer[k]] = fitted[k] + offsets[k];
    }

    // Pool-adjacent-violators: the non-decreasing sequence closest to the wishes in least squares.
    private static double[] NonDecreasingFit(double[] wish)
    {
        var blocks = new List<(double Sum, int Count)>();
        foreach (var w in wish)
        {
            blocks.Add((w, 1));
            while (blocks.Count > 1 && blocks[^2].Sum / blocks[^2].Count > blocks[^1].Sum / blocks[^1].Count)
            {
                var merged = (blocks[^2].Sum + blocks[^1].Sum, blocks[^2].Count + blocks[^1].Count);
                blocks.RemoveAt(blocks.Count - 1);
                blocks[^1] = merged;
            }
        }
        var fitted = new double[wish.Length];
        var index = 0;
        foreach (var (sum, count) in blocks)
            for (var i = 0; i < count; i++) fitted[index++] = sum / count;
        return fitted;
    }
}
