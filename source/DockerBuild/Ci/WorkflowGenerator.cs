using DockerBuild.Graph.Planning;
using DockerBuild.Platforms;
using DockerBuild.Tools.Cipd.Local;
using DockerBuild.Tools.IO;
using Map = DockerBuild.Ci.YamlBlockWriter.Map;

namespace DockerBuild.Ci;

/// <summary>
/// Generates the GitHub Actions workflow from the target graph and the platforms (NUKE's [GitHubActions] idea):
/// a matrix job, one instance per platform, invoking the platform targets with <c>--platform</c> and caching the
/// state directory under a hash of the build's inputs; then one final job that <c>needs:</c> all of them, downloads
/// each platform's wheels into the state directory and invokes the final target, skipping every target the platform
/// jobs already ran (read from the graph: the final target's plan ∩ the platform targets' plans).
/// </summary>
public static class WorkflowGenerator
{
    public const string PlatformJob = "build-wheels";
    public const string FinalJob = "upload";

    /// <summary>UPLOAD is --upload: pushes push images and register wheels; pull requests get a dry run.</summary>
    private static readonly (string, string) UploadOnPush = ("UPLOAD", "${{ github.event_name == 'push' }}");

    public static string Generate(IReadOnlyList<PlanNode> graph, IReadOnlyList<PlatformSpec> platforms, WorkflowSettings settings)
    {
        if (platforms.Count == 0) throw new ArgumentException("the workflow needs at least one platform", nameof(platforms));
        var platformTargets = settings.PlatformTargets.Select(t => Find(graph, t)).ToList();
        var final = Find(graph, settings.FinalTarget);
        var platformPlan = platformTargets.SelectMany(t => t.PlanIfInvoked).ToHashSet(StringComparer.Ordinal);
        var lastPlatformTarget = platformTargets[^1].Name;
        if (!final.PlanIfInvoked.Contains(lastPlatformTarget))
            throw new InvalidOperationException($"target {final.Name} does not depend on {lastPlatformTarget}, so the final job would not "
                + $"use the platform jobs' results (its plan: {string.Join(" → ", final.PlanIfInvoked)})");
        var skipped = final.PlanIfInvoked.Where(t => t != final.Name && platformPlan.Contains(t)).ToList();

        var state = settings.StateDirectory.TrimEnd('/');
        var platformNames = platforms.Select(p => p.Name).ToList();
        var hash = string.Join(", ", settings.CacheKeyFolders.Select(f => $"'{f}/**'"));
        var invoked = string.Join(' ', platformTargets.Select(t => t.Name));

        var platformJob = new Map
        {
            { "name", $"{invoked} (${{{{ matrix.platform }}}})" },
            { "runs-on", settings.RunsOn },
            { "strategy", new Map { { "fail-fast", false }, { "matrix", new Map { { "platform", platformNames.Cast<object>().ToList() } } } } },
            { "steps", new List<object>
                {
                    Checkout(),
                    SetupDotnet(settings),
                    Step($"Cache {state}", "actions/cache@v4", new Map
                    {
                        { "path", state },
                        { "key", $"dockerbuild-${{{{ matrix.platform }}}}-${{{{ hashFiles({hash}) }}}}" },
                        { "restore-keys", "dockerbuild-${{ matrix.platform }}-" },
                    }),
                    Run(invoked, $"./build.sh {invoked} --platform ${{{{ matrix.platform }}}}",
                        Environment(settings.PlatformSecrets, settings.PlatformVariables, [UploadOnPush])),
                    Step("Keep the wheels", "actions/upload-artifact@v4", new Map
                    {
                        { "name", "wheels-${{ matrix.platform }}" },
                        { "path", $"{state}/wheels/${{{{ matrix.platform }}}}/" },
                        { "if-no-files-found", "error" },
                    }),
                }
            },
        };

        var finalSteps = new List<object> { Checkout(), SetupDotnet(settings) };
        finalSteps.AddRange(platformNames.Select(p => Step($"Wheels of {p}", "actions/download-artifact@v4", new Map
        {
            { "name", $"wheels-{p}" },
            { "path", $"{state}/wheels/{p}" },
        })));
        var finalCommand = $"./build.sh {final.Name}"
            + (skipped.Count > 0 ? " --skip " + string.Join(' ', skipped) : "")
            + " --platform " + string.Join(' ', platformNames);
        finalSteps.Add(Run(final.Name, finalCommand, Environment(settings.FinalSecrets, settings.FinalVariables, [UploadOnPush])));
        finalSteps.Add(Step("Keep the index", "actions/upload-artifact@v4", new Map
        {
            { "name", "simple-index" },
            { "path", $"{state}/index/" },
        }));
        var finalJob = new Map
        {
            { "name", final.Name },
            { "needs", new List<object> { PlatformJob } },
            { "runs-on", settings.RunsOn },
            { "steps", finalSteps },
        };

        var document = new Map
        {
            { "name", "wheels" },
            { "on", new Map
                {
                    { "push", new Map { { "branches", new List<object> { "main" } }, { "tags", new List<object> { "v*" } } } },
                    { "pull_request", null },
                    { "workflow_dispatch", null },
                }
            },
            { "jobs", new Map { { PlatformJob, platformJob }, { FinalJob, finalJob } } },
        };
        return YamlBlockWriter.Write(document,
        [
            "Generated from the build's target graph and platforms/ by DockerBuild.Ci.WorkflowGenerator: do not edit.",
            $"Regenerate with: {settings.RegenerateCommand}",
        ]);
    }

    /// <summary>
    /// Writes the workflow under <paramref name="rootDirectory"/> when its content differs (atomically); returns
    /// whether it changed. The platforms are the default selection of <c>platforms/</c>.
    /// </summary>
    public static async Task<bool> RegenerateAsync(string rootDirectory, IReadOnlyList<PlanNode> graph, WorkflowSettings? settings = null,
        CancellationToken cancellationToken = default)
    {
        settings ??= new WorkflowSettings();
        var content = GenerateForCheckout(rootDirectory, graph, settings);
        var path = Path.Combine(rootDirectory, settings.RelativePath);
        if (File.Exists(path) && await File.ReadAllTextAsync(path, cancellationToken) == content) return false;
        await AtomicFile.WriteAllBytesAsync(path, System.Text.Encoding.UTF8.GetBytes(content), cancellationToken);
        return true;
    }

    /// <summary>The workflow for the checkout's default platforms.</summary>
    public static string GenerateForCheckout(string rootDirectory, IReadOnlyList<PlanNode> graph, WorkflowSettings? settings = null)
    {
        var platforms = PlatformCatalog.Load(Path.Combine(rootDirectory, "platforms")).Select([]);
        return Generate(graph, platforms, settings ?? new WorkflowSettings());
    }

    private static PlanNode Find(IReadOnlyList<PlanNode> graph, string name) =>
        graph.FirstOrDefault(n => n.Name == name)
        ?? throw new InvalidOperationException($"the workflow names target '{name}', which the build does not have "
            + $"(targets: {string.Join(", ", graph.Select(n => n.Name))})");

    private static Map Checkout() => Step("Check out", "actions/checkout@v4", null);

    private static Map SetupDotnet(WorkflowSettings settings) =>
        Step("Set up .NET", "actions/setup-dotnet@v4", new Map { { "dotnet-version", settings.DotnetVersion } });

    private static Map Step(string name, string uses, Map? with)
    {
        var step = new Map { { "name", name }, { "uses", uses } };
        if (with is not null) step.Add("with", with);
        return step;
    }

    private static Map Run(string name, string command, Map env)
    {
        var step = new Map { { "name", name }, { "run", command } };
        if (env.Count > 0) step.Add("env", env);
        return step;
    }

    private static Map Environment(IEnumerable<(string Variable, string Secret)> secrets, IEnumerable<(string Variable, string Name)> variables,
        IEnumerable<(string Variable, string Expression)> expressions)
    {
        var env = new Map();
        foreach (var (variable, secret) in secrets) env.Add(variable, $"${{{{ secrets.{secret} }}}}");
        foreach (var (variable, name) in variables) env.Add(variable, $"${{{{ vars.{name} }}}}");
        foreach (var (variable, expression) in expressions) env.Add(variable, expression);
        return env;
    }
}
