using DockerBuild.Context;
using DockerBuild.Platforms;
using DockerBuild.Tools.Process;

namespace DockerBuild.Prerequisites;

/// <summary>What the Prerequisites target checks: derived from the plan by the build.</summary>
public sealed record PrerequisitesOptions
{
    /// <summary>The host programs the planned targets start.</summary>
    public IReadOnlyCollection<HostTool> Tools { get; init; } = [];
    /// <summary>Whether the plan starts containers (then the engine and QEMU for the selected platforms are checked).</summary>
    public bool UsesEngine { get; init; } = true;
    /// <summary>A file listing further Debian packages that must be installed (the test suite's); null for none.</summary>
    public string? HostPackageList { get; init; }
}

/// <summary>The Prerequisites target's entry: <see cref="HostPrerequisites"/> for the selected platforms, on the run's engine and output.</summary>
public static class PrerequisitesStep
{
    public static async Task<StepReport> RunAsync(BuildContext context, IEnumerable<PlatformSpec> platforms, PrerequisitesOptions options,
        CancellationToken cancellationToken)
    {
        await HostPrerequisites.EnsureAsync(context.StateDirectory, platforms, options.Tools, context.Engine,
            context.Output.Console, cancellationToken, options.HostPackageList, options.UsesEngine);
        return StepReport.Done;
    }
}
