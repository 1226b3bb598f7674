using System.Diagnostics;
using DockerBuild.Images.Bases;
using DockerBuild.Images.Recipe;
using DockerBuild.Platforms;
using DockerBuild.Tools.Engine;

namespace DockerBuild.Images;

/// <summary>
/// Makes a platform image's starting point present: the suite's tools layer (<see cref="SuiteToolsRecipe"/>),
/// bootstrapped with its Debian base in one apt run, or built on a mirrored base. Platforms built side by side that
/// share it wait for the one bootstrap or build. Its log is <c>logs/GenerateImage/tools-&lt;suite&gt;-&lt;key prefix&gt;.log</c>.
/// </summary>
public static class SuiteToolsImage
{
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
            await MakeAsync(plan.Tools, plan.Bootstrap, settings, engine, cancellationToken);
            platformLog.Write($"tools {plan.Tools.Reference} made");
            return true;
        });

    /// <summary>The build log of a tools layer.</summary>
    public static string LogFile(ImageSettings settings, SuiteToolsRecipe tools) =>
        Path.Combine(settings.StateDirectory, "logs", "GenerateImage", $"{Repository(tools)[("dockerbuild/".Length)..]}-{tools.Key[..12]}.log");

    private const string VersionLabel = "org.dockerbuild.tools-recipe-version";
    private static readonly string VersionText = SuiteToolsRecipe.Version.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string Repository(SuiteToolsRecipe tools) => tools.Reference[..tools.Reference.LastIndexOf(':')];

    private static async Task MakeAsync(SuiteToolsRecipe tools, DebianBase? bootstrap, ImageSettings settings, ContainerEngine engine,
        CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        using var log = new BuildLog(LogFile(settings, tools), settings.Output, Repository(tools)["dockerbuild/".Length..]);
        try
        {
            if (bootstrap is not null) await BootstrapAsync(tools, bootstrap, settings, engine, log, cancellationToken);
            else await BuildAsync(tools, settings, engine, log, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.Write($"error: {e}");
            log.ShowTail();
            throw new ImageGenerationException($"the host tools layer {tools.Reference} could not be made: {e.Message} (log: {log.Path})", e);
        }
        log.Announce($"made {tools.Reference} in {clock.Elapsed.TotalSeconds:F1} s");
    }

    private static Task BootstrapAsync(SuiteToolsRecipe tools, DebianBase debian, ImageSettings settings, ContainerEngine engine, BuildLog log,
        CancellationToken cancellationToken)
    {
        log.Announce($"bootstrapping {tools.Reference}: Debian {debian.Suite} with the host tools every platform on it shares");
        var content = new DebianImageContent(tools.Reference, SuiteToolsRecipe.Packages(tools.Python),
            [.. SuiteToolsRecipe.Environment.Select(e => $"ENV {e}"), $"LABEL {VersionLabel}={VersionText}"],
            $"{tools.Base.Identity} with the host tools for Python {tools.Python}", KeepsPackageLists: true);
        return DebianBaseImage.BootstrapAsync(debian, tools.Base, content, settings, engine, log, cancellationToken);
    }

    private static async Task BuildAsync(SuiteToolsRecipe tools, ImageSettings settings, ContainerEngine engine, BuildLog log,
        CancellationToken cancellationToken)
    {
        using var context = BuildContextArchive.Create(new Dictionary<string, string> { ["Dockerfile"] = tools.Dockerfile }, new HashSet<string>(), null);
        log.Announce($"building {tools.Reference}: the host tools every platform on {tools.Base.Reference} shares");
        await engine.Images.BuildAsync(new ImageBuildSpec
        {
            Tags = [tools.Reference],
            Labels = new Dictionary<string, string> { [VersionLabel] = VersionText },
            NetworkMode = settings.BuildNetworkMode,
            NoCache = settings.NoCache,
        }, context, log, cancellationToken);
    }
}
