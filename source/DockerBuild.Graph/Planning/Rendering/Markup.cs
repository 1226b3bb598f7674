using System.Globalization;
using System.Net;

namespace DockerBuild.Graph.Planning.Rendering;

/// <summary>
/// Encoding for everything the plan page writes: target names and descriptions come from build scripts and are
/// treated as untrusted text, so every one of them goes through <see cref="Text"/> whether it lands in an element
/// or a quoted attribute.
/// </summary>
internal static class Markup
{
    /// <summary>Text safe inside an element or a double-quoted attribute.</summary>
    public static string Text(string value) => WebUtility.HtmlEncode(value);

    /// <summary>A coordinate with one decimal, independent of the current culture.</summary>
    public static string Number(double value) => Math.Round(value, 1).ToString("0.#", CultureInfo.InvariantCulture);

    /// <summary>The value of data-kind and the CSS class of an arrow.</summary>
    public static string KindName(Layout.PlanEdgeKind kind) => kind switch
    {
        Layout.PlanEdgeKind.DependsOn => "depends-on",
        Layout.PlanEdgeKind.RunsAfter => "runs-after",
        Layout.PlanEdgeKind.Triggers => "triggers",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown edge kind."),
    };
}
