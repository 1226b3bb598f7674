using System.Linq.Expressions;
using System.Reflection;
using DockerBuild.Graph;
using DockerBuild.Graph.Planning;

namespace DockerBuild.Tests.Plan;

/// <summary>
/// The plan model of the build project's real Build class (internal to it, so reached by reflection), with its
/// default target, as <c>--plan</c> and GenerateWorkflow see it. Tests derive what they expect from these nodes, so a
/// change to build/Build.cs changes the expectation with it instead of leaving a hand-made copy behind.
/// </summary>
internal static class ProductPlan
{
    /// <summary>The target <c>Build.Main</c> runs when none is named (the README's main job).</summary>
    public const string DefaultTarget = "BuildWheel";

    public static IReadOnlyList<PlanNode> Nodes() => _nodes ??= Load();
    private static IReadOnlyList<PlanNode>? _nodes;

    /// <summary>
    /// The real graph plus two targets that exercise the ordering arrows it does not use today: <c>Announce</c> runs
    /// after Upload and triggers the unlisted <c>Notify</c>.
    /// </summary>
    public static IReadOnlyList<PlanNode> WithEveryArrowKind() =>
    [
        .. Nodes(),
        new PlanNode { Name = "Announce", Description = "Announces the release", RunsAfter = ["Upload"], Triggers = ["Notify"], PlanIfInvoked = ["Announce", "Notify"] },
        new PlanNode { Name = "Notify", Description = "Sends the announcement", PlanIfInvoked = ["Notify"], Unlisted = true },
    ];

    /// <summary>The arrows drawn for <paramref name="nodes"/>, in execution order (the tail runs first).</summary>
    public static IReadOnlyList<(string From, string To, string Kind)> Edges(IEnumerable<PlanNode> nodes) =>
    [
        .. nodes.SelectMany(n => n.DependsOn.Select(d => (d, n.Name, "depends-on"))
            .Concat(n.RunsAfter.Select(a => (a, n.Name, "runs-after")))
            .Concat(n.Triggers.Select(t => (n.Name, t, "triggers")))),
    ];

    /// <summary>The plan running with no target executes, in order.</summary>
    public static IReadOnlyList<string> DefaultPlan => Node(DefaultTarget).PlanIfInvoked;

    public static PlanNode Node(string name) => Nodes().Single(n => n.Name == name);

    /// <summary>The nodes with one target's description replaced (for escaping tests).</summary>
    public static List<PlanNode> WithDescription(string target, string description) =>
        Nodes().Select(n => n.Name == target ? n with { Description = description } : n).ToList();

    private static IReadOnlyList<PlanNode> Load()
    {
        var build = Type.GetType("Build, _build", throwOnError: true)!;
        var target = build.GetProperty(DefaultTarget, BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
            ?? throw new InvalidOperationException($"build/Build.cs has no target {DefaultTarget}: update {nameof(ProductPlan)}.{nameof(DefaultTarget)}");
        var x = Expression.Parameter(build, "x");
        var selector = Expression.Lambda(typeof(Func<,>).MakeGenericType(build, typeof(Target)), Expression.Property(x, target), x);
        var create = typeof(ExecutionPlanModel).GetMethods().Single(m => m.Name == nameof(ExecutionPlanModel.Create) && m.IsGenericMethodDefinition)
            .MakeGenericMethod(build);
        var typed = Array.CreateInstance(typeof(Expression<>).MakeGenericType(selector.Type), 1);
        typed.SetValue(selector, 0);
        return (IReadOnlyList<PlanNode>)create.Invoke(null, [typed])!;
    }
}
