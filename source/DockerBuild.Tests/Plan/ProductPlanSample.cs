using DockerBuild.Graph.Planning;

namespace DockerBuild.Tests.Plan;

/// <summary>
/// A target graph shaped like the product's lifecycle, as the engine would hand it to the plan page:
/// GenerateImage ← Mirror + Sources, BuildWheel ← GenerateImage + Sources (default), Upload ← BuildWheel,
/// Run ← GenerateImage, plus Test (ordered after BuildWheel, triggering the unlisted Clean).
/// </summary>
internal static class ProductPlanSample
{
    private static readonly string[] BuildWheelPlan = ["Prerequisites", "Mirror", "Sources", "GenerateImage", "BuildWheel"];

    public static IReadOnlyList<PlanNode> Nodes(string prerequisitesDescription = "Checks that Docker, QEMU and the state directory are usable") =>
    [
        Node("Prerequisites", prerequisitesDescription, plan: ["Prerequisites"]),
        Node("Mirror", "Copies each platform's base image into the private registry, pinned by digest",
            dependsOn: ["Prerequisites"], plan: ["Prerequisites", "Mirror"]),
        Node("Sources", "Fetches, verifies and interns every pinned source",
            dependsOn: ["Prerequisites"], plan: ["Prerequisites", "Sources"]),
        Node("GenerateImage", "Builds the toolchain image for each platform",
            dependsOn: ["Mirror", "Sources"], plan: ["Prerequisites", "Mirror", "Sources", "GenerateImage"]),
        Node("BuildWheel", "Builds, repairs, normalises and verifies each wheel",
            dependsOn: ["GenerateImage", "Sources"], plan: BuildWheelPlan) with { IsDefault = true },
        Node("Upload", "Registers the wheels as CIPD packages and writes the simple index",
            dependsOn: ["BuildWheel"], plan: [.. BuildWheelPlan, "Upload"]),
        Node("Run", "Runs a command inside a platform's image",
            dependsOn: ["GenerateImage"], plan: ["Prerequisites", "Mirror", "Sources", "GenerateImage", "Run"]),
        Node("Test", "Runs the test suite", dependsOn: ["Prerequisites"], runsAfter: ["BuildWheel"],
            triggers: ["Clean"], plan: ["Prerequisites", "Test", "Clean"]),
        Node("Clean", "Deletes temporary state", plan: ["Clean"]) with { Unlisted = true },
    ];

    public static readonly string[] DefaultPlan = BuildWheelPlan;

    /// <summary>The arrows the page must draw, in execution order (tail runs first).</summary>
    public static readonly (string From, string To, string Kind)[] Edges =
    [
        ("Prerequisites", "Mirror", "depends-on"),
        ("Prerequisites", "Sources", "depends-on"),
        ("Mirror", "GenerateImage", "depends-on"),
        ("Sources", "GenerateImage", "depends-on"),
        ("GenerateImage", "BuildWheel", "depends-on"),
        ("Sources", "BuildWheel", "depends-on"),
        ("BuildWheel", "Upload", "depends-on"),
        ("GenerateImage", "Run", "depends-on"),
        ("Prerequisites", "Test", "depends-on"),
        ("BuildWheel", "Test", "runs-after"),
        ("Test", "Clean", "triggers"),
    ];

    private static PlanNode Node(
        string name, string description, string[] plan,
        string[]? dependsOn = null, string[]? runsAfter = null, string[]? triggers = null) =>
        new()
        {
            Name = name,
            Description = description,
            DependsOn = dependsOn ?? [],
            RunsAfter = runsAfter ?? [],
            Triggers = triggers ?? [],
            PlanIfInvoked = plan,
            InDefaultPlan = BuildWheelPlan.Contains(name),
        };
}
