using DockerBuild.Context;
using DockerBuild.Graph.Planning;

namespace DockerBuild.Ci;

/// <summary>The GenerateWorkflow target's entry: rewrites .github/workflows/wheels.yml from the build's graph and the default platforms.</summary>
public static class WorkflowStep
{
    public static async Task<StepReport> RunAsync(BuildContext context, IReadOnlyList<PlanNode> graph, CancellationToken cancellationToken)
    {
        var settings = new WorkflowSettings();
        var changed = await WorkflowGenerator.RegenerateAsync(context.RootDirectory, graph, settings, cancellationToken);
        context.Output.WriteLine($"{settings.RelativePath}: {(changed ? "regenerated" : "already up to date")}");
        return StepReport.Done;
    }
}
