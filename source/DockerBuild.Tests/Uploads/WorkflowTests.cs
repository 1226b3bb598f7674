using NUnit.Framework;
using YamlDotNet.Serialization;
using DockerBuild.Ci;
using DockerBuild.Graph;
using DockerBuild.Graph.Planning;
using DockerBuild.Tests.Data;
using DockerBuild.Tests.Plan;

namespace DockerBuild.Tests.Uploads;

/// <summary>
/// The committed GitHub Actions workflow: up to date with the build's real target graph and platforms/, and its job
/// graph (parsed with YamlDotNet) matching the target graph.
/// </summary>
[TestFixture, Category("Upload")]
public sealed class WorkflowTests
{
    /// <summary>Set to 1 to also rewrite the committed workflow when it is out of date (the test still fails).</summary>
    private const string RegenerateVariable = "DOCKERBUILD_REGENERATE_WORKFLOW";

    private static IReadOnlyList<PlanNode> BuildGraph() => ProductPlan.Nodes();

    private static string WorkflowPath => Path.Combine(RepositoryRoot.Find(), new WorkflowSettings().RelativePath);

    private static Dictionary<object, object> Parse(string yaml) => new DeserializerBuilder().Build().Deserialize<Dictionary<object, object>>(yaml);

    private static Dictionary<object, object> Map(object node, string key) => (Dictionary<object, object>)((Dictionary<object, object>)node)[key];
    private static List<object> List(object node, string key) => (List<object>)((Dictionary<object, object>)node)[key];
    private static string Text(object node, string key) => (string)((Dictionary<object, object>)node)[key];
    private static bool Uses(Dictionary<object, object> step, string action) =>
        step.TryGetValue("uses", out var uses) && ((string)uses).StartsWith(action + "@", StringComparison.Ordinal);

    [Test]
    public async Task The_committed_workflow_is_what_the_generator_makes_of_the_current_graph_and_platforms()
    {
        var expected = WorkflowGenerator.GenerateForCheckout(RepositoryRoot.Find(), BuildGraph());
        var committed = File.Exists(WorkflowPath) ? await File.ReadAllTextAsync(WorkflowPath) : null;
        // The comparison is of the file as committed; regenerating only saves running GenerateWorkflow by hand, so the
        // run that rewrites it still fails.
        if (committed != expected && Environment.GetEnvironmentVariable(RegenerateVariable) == "1")
        {
            await WorkflowGenerator.RegenerateAsync(RepositoryRoot.Find(), BuildGraph());
            Assert.Fail($"{WorkflowPath} was out of date and has been rewritten: review and commit it");
        }

        Assert.That(committed, Is.Not.Null, $"{WorkflowPath} is missing: run ./build.sh GenerateWorkflow and commit it");
        Assert.That(committed, Is.EqualTo(expected),
            $"{WorkflowPath} is out of date: run ./build.sh GenerateWorkflow (or this test with {RegenerateVariable}=1) and commit it");
    }

    [Test]
    public async Task Its_jobs_are_one_per_default_platform_and_an_upload_job_needing_all_of_them()
    {
        var graph = BuildGraph();
        var workflow = Parse(await File.ReadAllTextAsync(WorkflowPath));
        var jobs = Map(workflow, "jobs");
        var defaults = UploadScratch.Catalog.Select([]).Select(p => p.Name).ToList();
        Assert.That(defaults, Is.Not.Empty);

        var platformJob = jobs[WorkflowGenerator.PlatformJob];
        Assert.That(List(Map(Map(platformJob, "strategy"), "matrix"), "platform"), Is.EqualTo(defaults));
        Assert.That(await File.ReadAllTextAsync(WorkflowPath), Does.Contain("fail-fast: false\n"), "a boolean, not the string 'false'");
        var steps = List(platformJob, "steps").Cast<Dictionary<object, object>>().ToList();
        var build = steps.Single(s => s.ContainsKey("run"));
        Assert.That(Text(build, "run"), Is.EqualTo("./build.sh GenerateImage BuildWheel --platform ${{ matrix.platform }}"));
        Assert.That(Text(Map(build, "env"), "REGISTRY_PASSWORD"), Is.EqualTo("${{ secrets.REGISTRY_PASSWORD }}"));
        var cache = steps.Single(s => Uses(s, "actions/cache"));
        Assert.That(Text(Map(cache, "with"), "path"), Is.EqualTo(".dockerbuild"));
        Assert.That(Text(Map(cache, "with"), "key"), Does.Contain("hashFiles('platforms/**', 'wheels/**', 'source/**')"));
        var artifact = steps.Single(s => Uses(s, "actions/upload-artifact"));
        Assert.That(Text(Map(artifact, "with"), "path"), Is.EqualTo(".dockerbuild/wheels/${{ matrix.platform }}/"));

        var upload = jobs[WorkflowGenerator.FinalJob];
        Assert.That(List(upload, "needs"), Is.EqualTo(new[] { WorkflowGenerator.PlatformJob }), "the upload job waits for every platform job");
        var uploadSteps = List(upload, "steps").Cast<Dictionary<object, object>>().ToList();
        var downloads = uploadSteps.Where(s => Uses(s, "actions/download-artifact")).ToList();
        Assert.That(downloads.Select(s => Text(Map(s, "with"), "path")), Is.EqualTo(defaults.Select(p => $".dockerbuild/wheels/{p}")));
        var run = uploadSteps.Single(s => s.ContainsKey("run"));
        Assert.That(Text(Map(run, "env"), "GITHUB_TOKEN"), Is.EqualTo("${{ secrets.GITHUB_TOKEN }}"));

        // The upload job skips exactly what the platform jobs ran of Upload's plan, and runs Upload itself.
        var words = Text(run, "run").Split(' ');
        Assert.That(words[..2], Is.EqualTo(new[] { "./build.sh", "Upload" }));
        var skipped = words.SkipWhile(w => w != "--skip").Skip(1).TakeWhile(w => !w.StartsWith("--")).ToList();
        var node = (string name) => graph.Single(n => n.Name == name);
        var ranByPlatformJobs = node("GenerateImage").PlanIfInvoked.Concat(node("BuildWheel").PlanIfInvoked).ToHashSet();
        Assert.That(skipped, Is.EquivalentTo(node("Upload").PlanIfInvoked.Where(ranByPlatformJobs.Contains)));
        Assert.That(node("Upload").PlanIfInvoked.Except(skipped), Is.EqualTo(new[] { "Upload" }));
        Assert.That(words.SkipWhile(w => w != "--platform").Skip(1).TakeWhile(w => !w.StartsWith("--")), Is.EqualTo(defaults));
    }

    [Test]
    public void The_matrix_follows_the_platforms_given_and_a_final_target_not_depending_on_the_builds_is_refused()
    {
        var graph = BuildGraph();
        var platforms = UploadScratch.Catalog.Select(["linux-s390x", "universal"]);
        var yaml = WorkflowGenerator.Generate(graph, platforms, new WorkflowSettings());
        var matrix = List(Map(Map(Map(Parse(yaml), "jobs")[WorkflowGenerator.PlatformJob], "strategy"), "matrix"), "platform");
        Assert.That(matrix, Is.EqualTo(platforms.Select(p => p.Name)));

        var error = Assert.Throws<InvalidOperationException>(() =>
            WorkflowGenerator.Generate(graph, platforms, new WorkflowSettings { FinalTarget = "Sources" }));
        Assert.That(error!.Message, Does.Contain("Sources does not depend on BuildWheel"));
        error = Assert.Throws<InvalidOperationException>(() =>
            WorkflowGenerator.Generate(graph, platforms, new WorkflowSettings { FinalTarget = "Publish" }));
        Assert.That(error!.Message, Does.Contain("'Publish'").And.Contain("BuildWheel"));
    }

    [Test]
    public async Task Every_variable_a_job_sets_is_a_build_parameter_and_platform_jobs_share_the_registry_and_store()
    {
        var schema = System.Text.Json.Nodes.JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(RepositoryRoot.Find(), ".nuke", "build.schema.json")))!;
        var parameters = schema["definitions"]!["Build"]!["properties"]!.AsObject().Select(p => Normalized(p.Key)).ToHashSet();
        var jobs = Map(Parse(await File.ReadAllTextAsync(WorkflowPath)), "jobs");

        foreach (var (job, definition) in jobs)
        {
            var run = List(definition, "steps").Cast<Dictionary<object, object>>().Single(s => s.ContainsKey("run"));
            var variables = Map(run, "env").Keys.Cast<string>().ToList();
            Assert.That(variables.Where(v => !parameters.Contains(Normalized(v))), Is.Empty,
                $"job {job} sets variables the build does not read as parameters");
            Assert.That(variables, Is.SupersetOf(new[] { "REGISTRY", "REGISTRY_USER", "REGISTRY_PASSWORD", "CIPD_SERVICE", "UPLOAD" }),
                $"job {job} must reach the shared registry and store, and push on pushes");
            Assert.That(Text(Map(run, "env"), "UPLOAD"), Is.EqualTo("${{ github.event_name == 'push' }}"));
        }
    }

    private static string Normalized(string name) => new(name.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant).ToArray());

    [TestCase("true")]
    [TestCase("on")]
    [TestCase("1.10")]
    [TestCase("10.0.x")]
    [TestCase("a: b")]
    [TestCase("#not a comment")]
    [TestCase("it's")]
    [TestCase("${{ secrets.X }}")]
    [TestCase("")]
    public void Scalars_read_back_as_the_same_string(string value)
    {
        var yaml = YamlBlockWriter.Write(new YamlBlockWriter.Map { { "key", value } }, []);
        Assert.That(Text(Parse(yaml), "key"), Is.EqualTo(value), yaml);
    }
}
