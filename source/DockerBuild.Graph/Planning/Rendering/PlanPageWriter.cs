using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using DockerBuild.Graph.Planning.Layout;

namespace DockerBuild.Graph.Planning.Rendering;

/// <summary>
/// Writes the HTML document around the drawing: header, legend, the side panel showing a plan in order, a table
/// of all targets, and the inlined stylesheet, script and plan data. A Content-Security-Policy admits only the
/// page's own stylesheet and script (by hash), so even text that slipped past encoding could not run or fetch.
/// </summary>
internal static class PlanPageWriter
{
    private static readonly JsonSerializerOptions JsonOptions = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    private sealed record TargetData(string Name, string Description, IReadOnlyList<string> Plan, bool Unlisted);
    private sealed record PageData(string? DefaultTarget, IReadOnlyList<TargetData> Targets);

    public static string Write(PlanLayout layout, string title)
    {
        var nodes = layout.Nodes.Select(n => n.Node).ToList();
        var defaultTarget = nodes.FirstOrDefault(n => n.IsDefault);
        var css = PageAssets.Stylesheet;
        var script = PageAssets.Script;

        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        html.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        html.Append($"<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src '{Hash(css)}'; script-src '{Hash(script)}'\">\n");
        html.Append("<title>").Append(Markup.Text(title)).Append("</title>\n");
        html.Append("<style>").Append(css).Append("</style>\n</head>\n<body>\n");

        html.Append("<header class=\"page-header\"><h1>").Append(Markup.Text(title)).Append("</h1>\n<p class=\"summary\">");
        html.Append(nodes.Count).Append(nodes.Count == 1 ? " target" : " targets");
        if (defaultTarget is not null)
            html.Append(", default target <code>").Append(Markup.Text(defaultTarget.Name)).Append("</code>");
        html.Append(". Hover over a target, or focus it with Tab, to see what invoking it would run.</p></header>\n");

        html.Append("<main class=\"layout\">\n<section class=\"canvas\">\n<div class=\"graph-scroll\">\n");
        PlanSvgWriter.Write(html, layout);
        html.Append("</div>\n");
        WriteLegend(html);
        html.Append("</section>\n");
        WritePanel(html, defaultTarget);
        html.Append("</main>\n");
        WriteTargetTable(html, nodes);

        var data = new PageData(defaultTarget?.Name,
            nodes.Select(n => new TargetData(n.Name, n.Description, n.PlanIfInvoked, n.Unlisted)).ToList());
        // The default encoder escapes <, > and &, so the data cannot end its script element early.
        html.Append("<script type=\"application/json\" id=\"plan-data\">")
            .Append(JsonSerializer.Serialize(data, JsonOptions)).Append("</script>\n");
        html.Append("<script>").Append(script).Append("</script>\n</body>\n</html>\n");
        return html.ToString();
    }

    private static string Hash(string inline) =>
        "sha256-" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(inline)));

    private static void WriteLegend(StringBuilder html)
    {
        html.Append("<div class=\"legend\" aria-label=\"Legend\">\n");
        foreach (var (kind, text) in new[]
                 {
                     (PlanEdgeKind.DependsOn, "DependsOn: the target at the arrowhead needs the one at the tail"),
                     (PlanEdgeKind.RunsAfter, "RunsAfter: ordering only, when both are planned"),
                     (PlanEdgeKind.Triggers, "Triggers: the tail target sets off the one at the arrowhead"),
                 })
        {
            var name = Markup.KindName(kind);
            html.Append($"<span class=\"legend-item\"><svg class=\"legend-line\" width=\"48\" height=\"12\" viewBox=\"0 0 48 12\">");
            html.Append($"<path class=\"edge {name}\" d=\"M2,6 L46,6\" marker-end=\"url(#arrow-{name})\"/></svg>{Markup.Text(text)}</span>\n");
        }
        foreach (var (classes, text) in new[]
                 {
                     ("node default in-default-plan", "default target"),
                     ("node in-default-plan", "in the default plan"),
                     ("node", "other target"),
                     ("node unlisted", "unlisted target"),
                 })
        {
            html.Append($"<span class=\"legend-item\"><svg class=\"legend-swatch\" width=\"28\" height=\"16\" viewBox=\"0 0 28 16\">");
            html.Append($"<g class=\"{classes}\"><rect class=\"box\" x=\"1.5\" y=\"1.5\" width=\"25\" height=\"13\" rx=\"4\"/></g></svg>{text}</span>\n");
        }
        html.Append("</div>\n");
    }

    private static void WritePanel(StringBuilder html, PlanNode? defaultTarget)
    {
        html.Append("<aside class=\"panel\" aria-live=\"polite\">\n");
        if (defaultTarget is null)
        {
            html.Append("<h2 id=\"panel-heading\">No default target</h2>\n<p id=\"panel-target\" class=\"target-name\"></p>\n");
            html.Append("<p id=\"panel-description\" class=\"description\"></p>\n");
            html.Append("<p id=\"panel-summary\">Running with no target runs nothing. Hover over a target to see its plan.</p>\n");
            html.Append("<ol id=\"panel-plan\"></ol>\n</aside>\n");
            return;
        }
        html.Append("<h2 id=\"panel-heading\">Default plan</h2>\n");
        html.Append("<p id=\"panel-target\" class=\"target-name\">").Append(Markup.Text(defaultTarget.Name)).Append("</p>\n");
        html.Append("<p id=\"panel-description\" class=\"description\">").Append(Markup.Text(defaultTarget.Description)).Append("</p>\n");
        html.Append("<p id=\"panel-summary\">").Append(Markup.Text(DefaultPlanSummary(defaultTarget))).Append("</p>\n");
        html.Append("<ol id=\"panel-plan\">");
        foreach (var name in defaultTarget.PlanIfInvoked)
        {
            var self = name == defaultTarget.Name ? " class=\"self\"" : "";
            html.Append($"<li{self}>").Append(Markup.Text(name)).Append("</li>");
        }
        html.Append("</ol>\n</aside>\n");
    }

    // The script words its summaries the same way; keep the two in step.
    private static string DefaultPlanSummary(PlanNode target)
    {
        var count = target.PlanIfInvoked.Count;
        return $"Running with no target runs {count} {(count == 1 ? "target" : "targets")}, in this order:";
    }

    private static void WriteTargetTable(StringBuilder html, IReadOnlyList<PlanNode> nodes)
    {
        html.Append($"<details class=\"targets\"><summary>All targets ({nodes.Count})</summary>\n<table>\n");
        html.Append("<thead><tr><th>Target</th><th>Description</th><th>Depends on</th><th>Runs after</th><th>Triggers</th></tr></thead>\n<tbody>\n");
        foreach (var node in nodes.OrderBy(n => n.Name, StringComparer.Ordinal))
        {
            var row = node.Unlisted ? " class=\"unlisted\"" : "";
            html.Append($"<tr{row}><td><code>").Append(Markup.Text(node.Name)).Append("</code></td><td>")
                .Append(Markup.Text(node.Description)).Append("</td><td>")
                .Append(Markup.Text(string.Join(", ", node.DependsOn))).Append("</td><td>")
                .Append(Markup.Text(string.Join(", ", node.RunsAfter))).Append("</td><td>")
                .Append(Markup.Text(string.Join(", ", node.Triggers))).Append("</td></tr>\n");
        }
        html.Append("</tbody>\n</table>\n</details>\n");
    }
}
