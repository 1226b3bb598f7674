using DockerBuild.Graph.Planning;

namespace DockerBuild.Graph;

/// <summary>
/// Everything a build run reads from its surroundings, so tests can run a build in-process with their own
/// arguments, environment, root and output, without touching the real process environment.
/// </summary>
public sealed record BuildInvocation
{
    public IReadOnlyList<string> Arguments { get; init; } = [];

    public IReadOnlyDictionary<string, string?> Environment { get; init; } = new Dictionary<string, string?>();

    /// <summary>The root, unless <c>--root</c> is given; when null it is found by walking up from <see cref="WorkingDirectory"/>.</summary>
    public string? RootDirectory { get; init; }

    public string WorkingDirectory { get; init; } = Directory.GetCurrentDirectory();

    /// <summary>Receives the log, help, summary and errors (with secrets masked).</summary>
    public TextWriter Output { get; init; } = Console.Out;

    /// <summary>Receives the log instead of <see cref="Output"/> once a build calls <see cref="Log.MoveToErrorOutput"/>.</summary>
    public TextWriter ErrorOutput { get; init; } = Console.Error;

    /// <summary>Cancelling it aborts the build like Ctrl-C.</summary>
    public CancellationToken Cancellation { get; init; }

    /// <summary>Turns plan nodes into the HTML page for <c>--plan</c>.</summary>
    public Func<IReadOnlyList<PlanNode>, string, string> RenderPlan { get; init; } = ExecutionPlanPage.Render;

    /// <summary>Opens a file in the user's browser; defaults to the platform's opener when one is usable.</summary>
    public Action<string, IReadOnlyDictionary<string, string?>>? OpenInBrowser { get; init; } = BrowserLauncher.OpenIfPossible;
}
