namespace DockerBuild.Graph.Planning.Layout;

/// <summary>
/// Box sizes, computed without a browser. Names are drawn in a monospace face at <see cref="NameFontSize"/> so
/// that their width is predictable from the character count; the page's stylesheet uses the same size.
/// </summary>
public static class NodeMeasure
{
    /// <summary>Font size of target names, in pixels.</summary>
    public const double NameFontSize = 13;
    /// <summary>Height of every target box.</summary>
    public const double Height = 46;

    private const double CharacterWidth = NameFontSize * 0.62;
    private const double Padding = 20;
    private const double MinimumWidth = 112;

    /// <summary>Width of the box that holds the given target name.</summary>
    public static double Width(string name) =>
        Math.Max(MinimumWidth, Math.Ceiling(name.EnumerateRunes().Count() * CharacterWidth + 2 * Padding));
}
