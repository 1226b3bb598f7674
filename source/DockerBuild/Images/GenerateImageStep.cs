using DockerBuild.Context;
using DockerBuild.Platforms;

namespace DockerBuild.Images;

/// <summary>The GenerateImage target's entry: the toolchain image of each selected Linux platform, reused by content key, pulled, or built.</summary>
public static class GenerateImageStep
{
    public static async Task<StepReport> RunAsync(BuildContext context, IReadOnlyList<PlatformSpec> platforms, ImageSettings options,
        CancellationToken cancellationToken)
    {
        // --upload also registers wheels in the store; without a registry the images simply stay local.
        if (options.Upload && string.IsNullOrEmpty(options.Registry))
            context.Output.WriteLine("Images stay in the local engine: --upload pushes them only when --registry is given.");
        await ImageGeneration.RunAsync(platforms, ForRun(context, options), context.Engine, cancellationToken);
        return StepReport.Done;
    }

    /// <summary>The image settings of a step of this run: its state directory and output; pushes only with a registry.</summary>
    public static ImageSettings ForRun(BuildContext context, ImageSettings options) => options with
    {
        StateDirectory = context.StateDirectory,
        Upload = options.Upload && !string.IsNullOrEmpty(options.Registry),
        Output = context.Output.Lines,
    };
}
