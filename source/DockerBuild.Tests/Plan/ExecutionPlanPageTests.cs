using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using DockerBuild.Graph.Planning;
using NUnit.Framework;

namespace DockerBuild.Tests.Plan;

[TestFixture]
[Category("Graph")]
public sealed class ExecutionPlanPageTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    [Test]
    public void Every_target_is_drawn_once_with_its_state()
    {
        var product = ProductPlan.Nodes();
        var graph = GraphOf(ExecutionPlanPage.Render(product, "DockerBuild plan"));

        var nodes = graph.Descendants(Svg + "g").Where(g => HasClass(g, "node")).ToList();
        Assert.That(nodes.Select(n => (string?)n.Attribute("data-target")), Is.EquivalentTo(product.Select(n => n.Name)));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(nodes.Where(n => HasClass(n, "default")).Select(Target), Is.EqualTo(new[] { ProductPlan.DefaultTarget }));
            Assert.That(nodes.Where(n => HasClass(n, "in-default-plan")).Select(Target), Is.EquivalentTo(ProductPlan.DefaultPlan));
            Assert.That(nodes.Where(n => HasClass(n, "unlisted")).Select(Target), Is.EquivalentTo(product.Where(n => n.Unlisted).Select(n => n.Name))
                .And.Not.Empty, "the build's internal targets (Prerequisites, Store …) are drawn as unlisted");
            Assert.That(nodes.All(n => (string?)n.Attribute("tabindex") == "0"), "every target can take keyboard focus");
        }
    }

    [Test]
    public void Every_arrow_is_drawn_with_its_kind()
    {
        var product = ProductPlan.WithEveryArrowKind();
        var graph = GraphOf(ExecutionPlanPage.Render(product, "DockerBuild plan"));

        var edges = graph.Descendants(Svg + "path").Where(p => HasClass(p, "edge"))
            .Select(p => ((string)p.Attribute("data-from")!, (string)p.Attribute("data-to")!, (string)p.Attribute("data-kind")!))
            .ToList();
        Assert.That(edges, Is.EquivalentTo(ProductPlan.Edges(product)));
        var styles = graph.Descendants(Svg + "path").Where(p => HasClass(p, "edge"))
            .Select(p => ((string)p.Attribute("data-kind")!, (string)p.Attribute("marker-end")!, (string)p.Attribute("class")!))
            .Distinct().ToList();
        Assert.That(styles.Select(s => s.Item2).Distinct().Count(), Is.EqualTo(3), "one arrowhead per kind");
        Assert.That(styles.All(s => s.Item3.Split(' ').Contains(s.Item1)), "the kind is a class the stylesheet styles");
    }

    [Test]
    public void The_default_plan_is_listed_in_order_without_scripting()
    {
        var html = ExecutionPlanPage.Render(ProductPlan.Nodes(), "DockerBuild plan");

        var list = Regex.Match(html, "<ol id=\"panel-plan\">(.*?)</ol>", RegexOptions.Singleline).Groups[1].Value;
        var items = Regex.Matches(list, "<li[^>]*>(.*?)</li>").Select(m => m.Groups[1].Value);
        Assert.That(items, Is.EqualTo(ProductPlan.DefaultPlan));
        var steps = GraphOf(html).Descendants(Svg + "g").Where(g => HasClass(g, "node"))
            .ToDictionary(Target, g => g.Descendants(Svg + "text").Single(t => HasClass(t, "step-number")).Value);
        Assert.That(ProductPlan.DefaultPlan.Select(name => steps[name]),
            Is.EqualTo(Enumerable.Range(1, ProductPlan.DefaultPlan.Count).Select(i => i.ToString())));
        var outside = ProductPlan.Nodes().Where(n => !n.InDefaultPlan).Select(n => n.Name).ToList();
        Assert.That(outside, Is.Not.Empty);
        Assert.That(outside.Select(name => steps[name]), Is.All.Empty, "targets outside the default plan carry no step number");
    }

    [Test]
    public void Untrusted_names_and_descriptions_are_escaped_everywhere()
    {
        const string hostile = "<script>window.pwned = 1</script><img src=x onerror=\"window.pwned = 2\"> & 'quotes'";
        const string hostileName = "Mirror\"><script>x</script>";
        var nodes = ProductPlan.WithDescription(ProductPlan.DefaultTarget, hostile);
        nodes.Add(new PlanNode { Name = hostileName, Description = hostile, PlanIfInvoked = [hostileName] });

        var html = ExecutionPlanPage.Render(nodes, "Plan </title><script>x</script>");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(html, Does.Not.Contain("<script>window"));
            Assert.That(html, Does.Not.Contain("<script>x"));
            Assert.That(html, Does.Not.Contain("<img"));
            Assert.That(Regex.Matches(html, "<script").Count, Is.EqualTo(2), "only the page data and the page script");
            // The text survives intact: the escaping is faithful, not lossy.
            var graph = GraphOf(html);
            var evil = graph.Descendants(Svg + "g").Single(g => (string?)g.Attribute("data-target") == hostileName);
            Assert.That(evil.Element(Svg + "title")!.Value, Is.EqualTo($"{hostileName}: {hostile}"));
        }
    }

    [Test]
    public void The_page_needs_no_network_and_admits_only_its_own_script_and_style()
    {
        var html = ExecutionPlanPage.Render(ProductPlan.Nodes(), "DockerBuild plan");

        var addresses = Regex.Matches(html, "(https?:)?//[a-z0-9.-]+\\.[a-z]{2,}[^\"' )]*").Select(m => m.Value).Distinct();
        Assert.That(addresses, Is.EqualTo(new[] { "http://www.w3.org/2000/svg" }), "the SVG namespace is the only address");
        Assert.That(html, Does.Not.Contain("<link").And.Not.Contain(" src=").And.Not.Contain("@import"));

        var policy = Regex.Match(html, "Content-Security-Policy\" content=\"([^\"]*)\"").Groups[1].Value;
        var script = Regex.Match(html, "<script>(.*?)</script>", RegexOptions.Singleline).Groups[1].Value;
        var style = Regex.Match(html, "<style>(.*?)</style>", RegexOptions.Singleline).Groups[1].Value;
        Assert.That(policy, Does.StartWith("default-src 'none'"));
        Assert.That(policy, Does.Contain($"script-src '{Hash(script)}'"), "the inline script is allowed by its hash");
        Assert.That(policy, Does.Contain($"style-src '{Hash(style)}'"), "the inline stylesheet is allowed by its hash");
    }

    [Test]
    public void A_plan_without_a_default_target_says_so()
    {
        var nodes = ProductPlan.Nodes().Select(n => n with { IsDefault = false, InDefaultPlan = false }).ToList();

        var html = ExecutionPlanPage.Render(nodes, "DockerBuild plan");

        Assert.That(html, Does.Contain("<h2 id=\"panel-heading\">No default target</h2>"));
        Assert.That(GraphOf(html).Descendants().Any(e => HasClass(e, "in-default-plan")), Is.False);
    }

    [Test]
    public void An_empty_plan_renders_an_empty_drawing()
    {
        var html = ExecutionPlanPage.Render([], "Nothing to build");

        Assert.That(GraphOf(html).Descendants(Svg + "g").Count(g => HasClass(g, "node")), Is.Zero);
        Assert.That(html, Does.Contain("0 targets"));
    }

    private static XElement GraphOf(string html)
    {
        var start = html.IndexOf("<svg class=\"plan-graph\"", StringComparison.Ordinal);
        var end = html.IndexOf("</svg>", start, StringComparison.Ordinal) + "</svg>".Length;
        Assert.That(start, Is.GreaterThanOrEqualTo(0), "the page has the graph drawing");
        return XElement.Parse(html[start..end]);
    }

    private static bool HasClass(XElement element, string name) =>
        ((string?)element.Attribute("class") ?? "").Split(' ').Contains(name);

    private static string Target(XElement node) => (string)node.Attribute("data-target")!;

    private static string Hash(string inline) => "sha256-" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(inline)));
}
