using System.Linq.Expressions;

namespace DockerBuild.Graph;

/// <summary>
/// Base class of a build (NUKE's <c>NukeBuild</c>): declare <see cref="Target"/> properties and
/// <see cref="ParameterAttribute"/> members, and call <see cref="Execute{T}(Expression{Func{T, Target}}[])"/> from Main.
/// </summary>
public abstract class GraphBuild
{
    /// <summary>Runs the build with the process's arguments and environment; returns the exit code.</summary>
    protected static int Execute<T>(params Expression<Func<T, Target>>[] defaultTargets) where T : GraphBuild, new() =>
        BuildRunner.RunProcess(defaultTargets);

    /// <summary>The directory holding <c>.nuke/</c> (or given by <c>--root</c>).</summary>
    public string RootDirectory { get; internal set; } = "";

    /// <summary><c>.nuke/temp</c> under the root: scratch space that is not committed.</summary>
    public string TemporaryDirectory => Path.Combine(RootDirectory, ".nuke", "temp");

    /// <summary>False when a CI system runs the build (a <c>CI</c>, <c>TF_BUILD</c> or <c>GITHUB_ACTIONS</c> variable is set).</summary>
    public bool IsLocalBuild { get; internal set; } = true;

    public bool IsServerBuild => !IsLocalBuild;

    internal static bool IsServerEnvironment(IReadOnlyDictionary<string, string?> environment) =>
        new[] { "CI", "TF_BUILD", "GITHUB_ACTIONS" }.Any(name => !string.IsNullOrEmpty(environment.GetValueOrDefault(name)));

    public Verbosity Verbosity { get; internal set; } = Verbosity.Normal;

    /// <summary>The targets named on the command line, or the default targets.</summary>
    public IReadOnlyCollection<ExecutableTarget> InvokedTargets { get; internal set; } = [];

    /// <summary>Every target that will run or be skipped, in execution order.</summary>
    public IReadOnlyCollection<ExecutableTarget> ExecutionPlan { get; internal set; } = [];

    /// <summary>Everything after a bare <c>--</c> on the command line, untouched (e.g. the command a Run target runs).</summary>
    public string[] RemainingArguments { get; internal set; } = [];

    /// <summary>The environment the build was started with (the process's, or a test's).</summary>
    public IReadOnlyDictionary<string, string?> EnvironmentVariables { get; internal set; } = new Dictionary<string, string?>();

    /// <summary>Cancelled on Ctrl-C: pass it to long-running work so it stops promptly.</summary>
    public CancellationToken Cancellation { get; internal set; }

    /// <summary>When set, the process exits with this code instead of the one the target statuses give (NUKE's
    /// <c>ExitCode</c>): a target that runs a user's command reports that command's exit code.</summary>
    public int? ExitCode { get; set; }

    public bool IsSucceeding => ExecutionPlan.All(t => t.Status is not (ExecutionStatus.Failed or ExecutionStatus.Aborted));

    public bool IsFailing => !IsSucceeding;

    /// <summary>Called after parameters are injected and the plan is made, before the first target runs.</summary>
    protected internal virtual void OnBuildInitialized() { }

    /// <summary>Called after the last target, before the summary.</summary>
    protected internal virtual void OnBuildFinished() { }
}
