using DockerBuild.Builds.Verification;
using DockerBuild.Context;
using DockerBuild.Images;
using DockerBuild.Platforms;
using DockerBuild.Selection;
using DockerBuild.Tools.Engine;
using DockerBuild.Wheels;

namespace DockerBuild.Builds;

/// <summary>The BuildWheel target's entry: builds, repairs, verifies and stores every selected pair of this machine's partition.</summary>
public static class BuildWheelStep
{
    /// <summary>
    /// Starts making what the pairs need besides their platform's image, so it is ready when the first wheel is: the roots
    /// they verify in (at the lowest priority; they need the network, the images the processor), and the wheel layers
    /// they build in, each once its platform's image is there. Called by GenerateImage when BuildWheel follows it; a
    /// failure is reported by the pairs that need the thing, which make it again.
    /// </summary>
    public static void Prepare(BuildContext context, IReadOnlyList<WheelPair> pairs, ImageSettings images, CancellationToken cancellationToken)
    {
        images = GenerateImageStep.ForRun(context, images);
        var linux = pairs.Where(p => p.Platform.Kind == PlatformKind.Linux).ToList();
        foreach (var target in linux.Select(p => p.Platform).Where(p => p.Base?.Debian is not null).Select(PairBuild.TargetFor).Distinct())
            context.Prepare(WheelVerification.PrepareAsync(target, images, context.Engine, cancellationToken));
        var layers = linux.Where(p => !p.UsesPublishedWheel)
            .Select(p => WheelLayerPlan.For(ImagePlan.For(p.Platform, images), p.Wheel, images.Registry)).OfType<WheelLayerPlan>().DistinctBy(l => l.Key);
        foreach (var layer in layers)
            context.Prepare(PrepareLayerAsync(layer, images, context.Engine, cancellationToken));
    }

    private static async Task PrepareLayerAsync(WheelLayerPlan layer, ImageSettings images, ContainerEngine engine, CancellationToken cancellationToken)
    {
        await PlatformImageGenerator.GenerateAsync(layer.Platform, images, engine, cancellationToken);
        await WheelLayerGenerator.EnsureAsync(layer, images, engine, cancellationToken);
    }

    /// <summary>Fails (keeping the others' outputs and the run's warnings) when any pair failed.</summary>
    public static async Task<StepReport> RunAsync(BuildContext context, BuildSelection selection, WheelBuildSettings options,
        CancellationToken cancellationToken)
    {
        try
        {
            var report = await WheelBuilds.RunAsync(selection, options with
            {
                StateDirectory = context.StateDirectory,
                RootDirectory = context.RootDirectory,
                Images = GenerateImageStep.ForRun(context, options.Images),
                IndexUrl = context.IndexUrl,
                FindLinks = options.FindLinks.Select(l => l.Contains("://", StringComparison.Ordinal) ? l : Path.GetFullPath(l)).ToList(),
            }, context.Store, context.Output.Console, context.Engine, cancellationToken);
            var warnings = selection.SkippedPublishedWarning is { } skipped ? new[] { skipped } : [];
            if (!report.Succeeded) return new StepReport { Warnings = warnings, Failure = new WheelBuildFailedException(report) };
            var wheels = Path.Combine(context.StateDirectory, "wheels");
            return new StepReport
            {
                Warnings = warnings,
                Lines = report.Pairs.Any(p => p.Output is not null)
                    ?
                    [
                        $"Wheels are in {wheels}/<platform>/. Install one on its platform with: pip install <file>.whl",
                        $"To serve them all as a pip index: ./build.sh Upload --upload, then pip install --index-url file://{Path.Combine(context.StateDirectory, "index", "simple")} <name>",
                    ]
                    : [],
            };
        }
        finally
        {
            // Roots started during GenerateImage finish (or fail, which the pairs that needed them reported) before the run ends.
            await context.PreparationsAsync();
        }
    }
}
