using DockerBuild.Context;
using DockerBuild.Images;
using DockerBuild.Platforms;

namespace DockerBuild.Run;

/// <summary>The Run target's entry: the user's command in the one selected platform's image, attached to this process's streams.</summary>
public static class RunStep
{
    /// <summary>
    /// Checks Run's request (one platform, a command) before any target starts, so Prerequisites, Sources and
    /// GenerateImage do not spend minutes on an invocation that cannot succeed. True, or the error naming the fix.
    /// </summary>
    public static bool RequestIsValid(IReadOnlyList<PlatformSpec> platforms, IReadOnlyList<string> command)
    {
        PlatformRun.CheckRequest(platforms, command);
        return true;
    }

    /// <summary>Releases the state directory for the command's duration; the report carries the command's exit code.</summary>
    public static async Task<StepReport> RunAsync(BuildContext context, IReadOnlyList<PlatformSpec> platforms, ImageSettings images,
        RunSettings options, CancellationToken cancellationToken)
    {
        context.UnlockStateDirectory();
        var run = PlatformRun.RunAsync(platforms, GenerateImageStep.ForRun(context, images),
            RunConsole.Attach(options with { CurrentDirectory = Environment.CurrentDirectory }), context.Engine, cancellationToken);
        // Ctrl-C ends the build without waiting for this target, but the container is killed and removed (and the
        // terminal put back) on that same cancellation: the process must not exit before that is done.
        context.MustFinish(run);
        return new StepReport { ExitCode = await run };
    }
}
