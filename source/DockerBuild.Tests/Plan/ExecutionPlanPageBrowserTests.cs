using System.Text.RegularExpressions;
using DockerBuild.Graph.Planning;
using DockerBuild.Graph.Planning.Layout;
using Microsoft.Playwright;
using NUnit.Framework;
using static Microsoft.Playwright.Assertions;

namespace DockerBuild.Tests.Plan;

/// <summary>
/// Opens the rendered plan page from disk in Debian's Chromium and checks what a reader would see and do:
/// every box and arrow drawn, hover and keyboard focus showing a target's plan, hostile text inert.
/// </summary>
[TestFixture]
[Category("Browser")]
[NonParallelizable]
public sealed class ExecutionPlanPageBrowserTests
{
    private const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private string _outputDirectory = "";
    private readonly List<string> _problems = [];

    [OneTimeSetUp]
    public async Task StartBrowser()
    {
        if (!File.Exists(ChromiumPath))
            Assert.Fail($"{ChromiumPath} does not exist. The plan page is checked in a real browser: install Debian's " +
                        "`chromium` package (apt-get install -y chromium).");
        _outputDirectory = Path.Combine(TestContext.CurrentContext.TestDirectory, "plan-page");
        Directory.CreateDirectory(_outputDirectory);
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                "--disable-component-update", "--no-first-run",
            ],
        });
    }

    [OneTimeTearDown]
    public async Task StopBrowser()
    {
        if (_browser is not null) await _browser.CloseAsync();
        _playwright?.Dispose();
    }

    [Test]
    public async Task Every_target_and_arrow_is_drawn_inside_the_graph()
    {
        var product = ProductPlan.WithEveryArrowKind();
        var page = await OpenAsync(ExecutionPlanPage.Render(product, "DockerBuild execution plan"), "execution-plan.html");

        // At this window size the drawing is fitted to its frame: every box is on screen without scrolling.
        var frame = await page.Locator(".graph-scroll").BoundingBoxAsync();
        Assert.That(frame, Is.Not.Null);
        using (Assert.EnterMultipleScope())
        {
            foreach (var name in product.Select(n => n.Name))
            {
                var node = Node(page, name);
                await Expect(node).ToBeVisibleAsync();
                var box = await node.Locator("rect.box").BoundingBoxAsync();
                Assert.That(box, Is.Not.Null, name);
                Assert.That(box!.Width, Is.GreaterThan(40), $"{name} width");
                Assert.That(box.Height, Is.GreaterThan(20), $"{name} height");
                Assert.That(box.X >= frame!.X && box.Y >= frame.Y
                            && box.X + box.Width <= frame.X + frame.Width
                            && box.Y + box.Height <= frame.Y + frame.Height
                            && box.X + box.Width <= 1400 && box.Y + box.Height <= 900, $"{name} lies inside the visible frame");
                Assert.That(await node.Locator("text.name").TextContentAsync(), Is.EqualTo(name));
            }
        }

        var edges = page.Locator("path.edge[data-kind]");
        Assert.That(await edges.CountAsync(), Is.EqualTo(ProductPlan.Edges(product).Count));
        foreach (var edge in await edges.AllAsync())
        {
            var box = await edge.BoundingBoxAsync();
            Assert.That(box is { Width: > 20 }, $"arrow {await edge.GetAttributeAsync("data-from")} -> {await edge.GetAttributeAsync("data-to")} is drawn");
        }

        var looks = new Dictionary<string, string>();
        foreach (var kind in new[] { "depends-on", "runs-after", "triggers" })
            looks[kind] = await page.Locator($"svg.plan-graph path.edge[data-kind=\"{kind}\"]").First.EvaluateAsync<string>(
                "e => { const s = getComputedStyle(e); return s.stroke + ' ' + s.strokeDasharray; }");
        Assert.That(looks.Values.Distinct().Count(), Is.EqualTo(3), "each kind of arrow looks different: " + string.Join("; ", looks));

        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(_outputDirectory, "execution-plan.png"), FullPage = true });
        TestContext.AddTestAttachment(Path.Combine(_outputDirectory, "execution-plan.png"), "the plan page at rest");
        AssertNoProblems();
    }

    [Test]
    public async Task Hovering_a_target_highlights_exactly_the_plan_it_would_run()
    {
        var page = await OpenAsync(ExecutionPlanPage.Render(ProductPlan.Nodes(), "DockerBuild execution plan"), "execution-plan.html");

        var upload = ProductPlan.Node("Upload");
        var uploadPlan = upload.PlanIfInvoked;
        var outside = ProductPlan.Nodes().Select(n => n.Name).Except(uploadPlan).ToList();
        Assert.That(outside, Is.Not.Empty);
        await Node(page, upload.Name).HoverAsync();

        await Expect(page.Locator("svg.plan-graph")).ToHaveClassAsync(new Regex(@"\bfocused\b"));
        Assert.That(await HighlightedAsync(page), Is.EquivalentTo(uploadPlan));
        foreach (var name in uploadPlan)
            await Expect(Node(page, name)).ToHaveCSSAsync("opacity", "1");
        foreach (var name in outside)
            await Expect(Node(page, name)).ToHaveCSSAsync("opacity", new Regex(@"^0\.\d+$"));
        Assert.That(await page.Locator("#panel-plan li").AllTextContentsAsync(), Is.EqualTo(uploadPlan));
        Assert.That(await page.Locator("#panel-description").TextContentAsync(), Is.EqualTo(upload.Description));
        Assert.That(await Node(page, upload.Name).Locator(".step-number").TextContentAsync(), Is.EqualTo(uploadPlan.Count.ToString()));
        var litEdges = await page.Locator("path.edge.in-plan").EvaluateAllAsync<string[]>("es => es.map(e => e.dataset.from + '>' + e.dataset.to)");
        var edges = ProductPlan.Edges(ProductPlan.Nodes()).Select(e => $"{e.From}>{e.To}").ToList();
        Assert.That(litEdges, Is.EquivalentTo(ProductPlan.Edges(ProductPlan.Nodes()).Where(e => uploadPlan.Contains(e.From) && uploadPlan.Contains(e.To))
            .Select(e => $"{e.From}>{e.To}")), "the arrows between targets of the plan are lit, no others");
        Assert.That(litEdges, Has.Length.LessThan(edges.Count));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(_outputDirectory, "execution-plan-hover-upload.png") });

        await page.Mouse.MoveAsync(2, 2);
        await Expect(page.Locator("svg.plan-graph")).Not.ToHaveClassAsync(new Regex(@"\bfocused\b"));
        Assert.That(await page.Locator("#panel-plan li").AllTextContentsAsync(), Is.EqualTo(ProductPlan.DefaultPlan));
        AssertNoProblems();
    }

    [Test]
    public async Task Keyboard_focus_shows_a_plan_and_escape_returns_to_the_default_plan()
    {
        var page = await OpenAsync(ExecutionPlanPage.Render(ProductPlan.Nodes(), "DockerBuild execution plan"), "execution-plan.html");

        // Focus moves in reading order: first the top box of the first column.
        var first = LayeredLayout.Compute(ProductPlan.Nodes()).Nodes.OrderBy(n => n.Layer).ThenBy(n => n.Y).First().Node;
        await page.Keyboard.PressAsync("Tab");
        await Expect(Node(page, first.Name)).ToBeFocusedAsync();
        Assert.That(await HighlightedAsync(page), Is.EquivalentTo(first.PlanIfInvoked));

        var run = ProductPlan.Node("Run");
        await Node(page, run.Name).FocusAsync();
        Assert.That(await page.Locator("#panel-plan li").AllTextContentsAsync(), Is.EqualTo(run.PlanIfInvoked));
        Assert.That(await page.Locator("#panel-heading").TextContentAsync(), Is.EqualTo("If invoked"));

        await page.Keyboard.PressAsync("Escape");
        await Expect(page.Locator("svg.plan-graph")).Not.ToHaveClassAsync(new Regex(@"\bfocused\b"));
        Assert.That(await page.Locator("#panel-heading").TextContentAsync(), Is.EqualTo("Default plan"));
        AssertNoProblems();
    }

    [Test]
    public async Task Hostile_names_and_descriptions_show_as_text_and_never_run()
    {
        const string hostile = "<script>window.pwned = 1</script><img src=x onerror=\"window.pwned = 2\"> & 'quotes'";
        const string hostileName = "Mirror\"><script>window.pwned = 3</script>";
        var nodes = ProductPlan.WithDescription(ProductPlan.DefaultTarget, hostile);
        var mirror = ProductPlan.Node("Mirror");
        nodes.Add(new PlanNode { Name = hostileName, Description = hostile, DependsOn = [mirror.Name], PlanIfInvoked = [.. mirror.PlanIfInvoked, hostileName] });

        var page = await OpenAsync(ExecutionPlanPage.Render(nodes, "<img src=x onerror=\"window.pwned = 4\">"), "hostile-plan.html");
        await Node(page, hostileName).HoverAsync();

        Assert.That(await page.EvaluateAsync<string>("() => typeof window.pwned"), Is.EqualTo("undefined"));
        Assert.That(await page.Locator("img").CountAsync(), Is.Zero);
        Assert.That(await page.Locator("#panel-target").TextContentAsync(), Is.EqualTo(hostileName));
        Assert.That(await page.Locator("#panel-description").TextContentAsync(), Is.EqualTo(hostile));
        Assert.That(await page.TitleAsync(), Is.EqualTo("<img src=x onerror=\"window.pwned = 4\">"));
        AssertNoProblems();
    }

    [Test]
    public async Task A_graph_too_wide_to_shrink_legibly_keeps_its_size_and_scrolls()
    {
        // Twenty targets in a chain: fitting them into the frame would shrink the names to a few pixels.
        var nodes = Enumerable.Range(0, 20).Select(i => new PlanNode
        {
            Name = $"Step{i:00}",
            DependsOn = i == 0 ? [] : [$"Step{i - 1:00}"],
            PlanIfInvoked = Enumerable.Range(0, i + 1).Select(j => $"Step{j:00}").ToArray(),
        }).ToList();
        var page = await OpenAsync(ExecutionPlanPage.Render(nodes, "Long chain"), "long-chain.html");

        var first = await Node(page, "Step00").Locator("rect.box").BoundingBoxAsync();
        Assert.That(first!.Height, Is.InRange(46, 49), "boxes are drawn at their real size (46 px and the stroke)");
        var last = Node(page, "Step19");
        await last.ScrollIntoViewIfNeededAsync();
        var frame = await page.Locator(".graph-scroll").BoundingBoxAsync();
        var box = await last.Locator("rect.box").BoundingBoxAsync();
        Assert.That(box!.X >= frame!.X && box.X + box.Width <= frame.X + frame.Width, "the last target can be scrolled to");
        AssertNoProblems();
    }

    [Test]
    public async Task The_graph_reads_without_scripting()
    {
        var context = await _browser!.NewContextAsync(new BrowserNewContextOptions { JavaScriptEnabled = false, ViewportSize = new() { Width = 1400, Height = 900 } });
        var page = await context.NewPageAsync();
        var path = Write(ExecutionPlanPage.Render(ProductPlan.Nodes(), "DockerBuild execution plan"), "execution-plan.html");
        await page.GotoAsync(new Uri(path).AbsoluteUri);

        var frame = await page.Locator(".graph-scroll").BoundingBoxAsync();
        foreach (var name in ProductPlan.Nodes().Select(n => n.Name))
        {
            await Expect(Node(page, name).Locator("rect.box")).ToBeVisibleAsync();
            var box = await Node(page, name).Locator("rect.box").BoundingBoxAsync();
            Assert.That(box!.X + box.Width, Is.LessThanOrEqualTo(frame!.X + frame.Width), $"{name} fits the frame without scripting");
        }
        Assert.That(await page.Locator("#panel-plan li").AllTextContentsAsync(), Is.EqualTo(ProductPlan.DefaultPlan));
        await Expect(Node(page, ProductPlan.DefaultTarget).Locator(".step-number")).ToHaveTextAsync(ProductPlan.DefaultPlan.Count.ToString());
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(_outputDirectory, "execution-plan-no-script.png") });
        await context.CloseAsync();
    }

    private async Task<IPage> OpenAsync(string html, string fileName)
    {
        _problems.Clear();
        var context = await _browser!.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new() { Width = 1400, Height = 900 } });
        // The page must need no network: any request other than the file itself is recorded and refused.
        await context.RouteAsync("**/*", async route =>
        {
            if (route.Request.Url.StartsWith("file://", StringComparison.Ordinal)) await route.ContinueAsync();
            else
            {
                _problems.Add("request to " + route.Request.Url);
                await route.AbortAsync();
            }
        });
        var page = await context.NewPageAsync();
        page.PageError += (_, error) => _problems.Add("script error: " + error);
        page.Console += (_, message) =>
        {
            if (message.Type is "error" or "warning") _problems.Add($"console {message.Type}: {message.Text}");
        };
        await page.GotoAsync(new Uri(Write(html, fileName)).AbsoluteUri);
        return page;
    }

    private string Write(string html, string fileName)
    {
        var path = Path.Combine(_outputDirectory, fileName);
        File.WriteAllText(path, html);
        return path;
    }

    // Target names are untrusted text, so they are quoted as CSS strings rather than pasted into the selector.
    private static ILocator Node(IPage page, string name) =>
        page.Locator($"svg.plan-graph g.node[data-target=\"{name.Replace("\\", "\\\\").Replace("\"", "\\\"")}\"]");

    private static Task<string[]> HighlightedAsync(IPage page) =>
        page.Locator("svg.plan-graph g.node.in-plan").EvaluateAllAsync<string[]>("ns => ns.map(n => n.dataset.target)");

    private void AssertNoProblems() =>
        Assert.That(_problems, Is.Empty, "the page loads without script errors, policy violations or network requests");
}
