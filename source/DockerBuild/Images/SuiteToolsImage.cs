using System.Diagnostics;
using DockerBuild.Images.Bases;
using DockerBuild.Images.Recipe;
using DockerBuild.Tools.Engine;

namespace DockerBuild.Images;

/// <summary>
/// Makes a platform image's starting point present: the Debian base (bootstrapped when absent) and on it the suite's
/// tools layer (<see cref="SuiteToolsRecipe"/>). Platforms built side by side that share them wait for the one
/// bootstrap and the one build. The layer's log is <c>logs/GenerateImage/tools-&lt;suite&gt;-&lt;key prefix&gt;.log</c>.
/// </summary>
public static class SuiteToolsImage
{
    private static readonly InFlightWork<bool> Bases = new();
    private static readonly InFlightWork<bool> Tools = new();

    /// <summary>Ensures <paramref name="plan"/>'s base and tools layer exist in the engine; the platform's log says which was made.</summary>
    public static Task EnsureAsync(ImagePlan plan, ImageSettings settings, ContainerEngine engine, BuildLog platformLog, CancellationToken cancellationToken) =>
        Tools.RunAsync(plan.Tools.Reference, async () =>
        {
            if (await engine.Images.FindAsync(plan.Tools.Reference, cancellationToken) is not null)
            {
                platformLog.Write($"tools {plan.Tools.Reference} are present");
                return true;
            }
            if (plan.Bootstrap is { } debian)
                await Bases.RunAsync(plan.Base.Reference, async () =>
                {
                    await DebianBaseImage.EnsureAsync(debian, plan.Base, settings, engine, platformLog, cancellationToken);
                    return true;
                });
            await BuildAsync(plan.Tools, settings, engine, cancellationToken);
            platformLog.Write($"tools {plan.Tools.Reference} built");
            return true;
        });

    /// <summary>The build log of a tools layer.</summary>
    public static string LogFile(ImageSettings settings, SuiteToolsRecipe tools) =>
        Path.Combine(settings.StateDirectory, "logs", "GenerateImage", $"{Repository(tools)[("dockerbuild/".Length)..]}-{tools.Key[..12]}.log");

    private static string Repository(SuiteToolsRecipe tools) => tools.Reference[..tools.Reference.LastIndexOf(':')];

    private static async Task BuildAsync(SuiteToolsRecipe tools, ImageSettings settings, ContainerEngine engine, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        using var log = new BuildLog(LogFile(settings, tools), settings.Output, Repository(tools)["dockerbuild/".Length..]);
        try
        {
            using var context = BuildContextArchive.Create(new Dictionary<string, string> { ["Dockerfile"] = tools.Dockerfile }, new HashSet<string>(), null);
            log.Announce($"building {tools.Reference}: the host tools every platform on {tools.Base.Reference} shares");
            await engine.Images.BuildAsync(new ImageBuildSpec
            {
                Tags = [tools.Reference],
                Labels = new Dictionary<string, string>
                {
                    ["org.dockerbuild.tools-recipe-version"] = SuiteToolsRecipe.Version.ToString(System.Globalization.CultureInfo.InvariantCulture),
                },
                NetworkMode = settings.BuildNetworkMode,
                NoCache = settings.NoCache,
            }, context, log, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.Write($"error: {e}");
            log.ShowTail();
            throw new ImageGenerationException($"the host tools layer {tools.Reference} could not be built: {e.Message} (log: {log.Path})", e);
        }
        log.Announce($"built {tools.Reference} in {clock.Elapsed.TotalSeconds:F1} s");
    }
}
