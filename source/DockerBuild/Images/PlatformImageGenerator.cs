using System.Diagnostics;
using DockerBuild.Images.Recipe;
using DockerBuild.Mirror;
using DockerBuild.Tools.Engine;
using DockerBuild.Tools.IO;

namespace DockerBuild.Images;

/// <summary>
/// Makes one platform's image present: nothing when the content key is already in the engine, a pull when the
/// registry has it, otherwise a build (making the suite's shared tools image first if needed). Then writes the
/// manifest and the host script, and pushes when asked. Callers of one run asking for the same image at once share the
/// one generation (GenerateImage, and the wheel layers prepared for BuildWheel that start from it); another state
/// directory gets its own manifest and script.
/// </summary>
public static class PlatformImageGenerator
{
    // One more than there are cores: the suite's tools they share are made once (SuiteToolsImage), and one platform's
    // apt downloads and waits overlap another's unpacking.
    private static readonly SemaphoreSlim Slots = new(Environment.ProcessorCount + 1);
    private static readonly InFlightWork<GeneratedImage> Generating = new();

    public static Task<GeneratedImage> GenerateAsync(ImagePlan plan, ImageSettings settings, ContainerEngine engine, CancellationToken cancellationToken) =>
        Generating.RunAsync($"{plan.Reference}\n{settings.StateDirectory}\n{settings.Rebuild}", async () =>
        {
            await Slots.WaitAsync(cancellationToken);
            try { return await GenerateOnceAsync(plan, settings, engine, cancellationToken); }
            finally { Slots.Release(); }
        });

    private static async Task<GeneratedImage> GenerateOnceAsync(ImagePlan plan, ImageSettings settings, ContainerEngine engine, CancellationToken cancellationToken)
    {
        var name = plan.Platform.Name;
        var reference = plan.Reference.ToString();
        var outcome = await MakePresentAsync(plan.Reference, LogFile(settings, name), name, $"GenerateImage failed for {name} ({reference})",
            settings, engine, log => BuildAsync(plan, settings, engine, log, cancellationToken), cancellationToken);
        if (outcome == ImageOutcome.UpToDate) settings.Output.WriteLine($"{name}: {reference} is up to date");

        var manifestFile = Path.Combine(settings.StateDirectory, "images", $"{name}.manifest");
        var scriptFile = Path.Combine(settings.StateDirectory, "bin", $"dockcross-{name}");
        var script = EntrypointScripts.HostScriptFor(reference);
        // The script names the image by key and is written after the manifest, so a current script means a current manifest.
        var scriptCurrent = File.Exists(scriptFile) && await File.ReadAllTextAsync(scriptFile, cancellationToken) == script;
        if (outcome != ImageOutcome.UpToDate || !scriptCurrent || !File.Exists(manifestFile))
        {
            await AtomicFile.WriteAllTextAsync(manifestFile, await ImageManifestExport.ReadAsync(engine, reference, cancellationToken), cancellationToken: cancellationToken);
            await AtomicFile.WriteAllTextAsync(scriptFile, script, ExecutableMode, cancellationToken);
        }

        var pushed = await PushWhenAskedAsync(name, plan.Reference, outcome, settings, engine, cancellationToken);
        return new GeneratedImage(plan.Platform, plan.Reference, outcome, manifestFile, scriptFile, pushed);
    }

    /// <summary>With --upload, pushes the image unless the registry already serves these exact bytes; true when pushed.</summary>
    internal static async Task<bool> PushWhenAskedAsync(string name, ImageReference image, ImageOutcome outcome, ImageSettings settings, ContainerEngine engine,
        CancellationToken cancellationToken)
    {
        if (!settings.Upload) return false;
        if (settings.Registry is null)
            throw new InvalidOperationException($"--upload pushes {name}'s image to a registry, but no --registry was given.");
        if (outcome != ImageOutcome.Built && await RegistryServesAsync(image, settings, engine, cancellationToken))
        {
            settings.Output.WriteLine($"{name}: {settings.Registry} already serves {image}");
            return false;
        }
        settings.Output.WriteLine($"{name}: pushing {image}");
        await engine.Images.PushAsync(image.Repository, image.Tag, settings.RegistryLogin?.For(settings.Registry), null, cancellationToken);
        return true;
    }

    /// <summary>
    /// Makes an image present under its content-key tag: nothing when the engine has it, a pull when the registry has
    /// it, otherwise <paramref name="build"/>. A failure shows the log's tail and names the log.
    /// </summary>
    internal static async Task<ImageOutcome> MakePresentAsync(ImageReference image, string logFile, string logPrefix, string failure,
        ImageSettings settings, ContainerEngine engine, Func<BuildLog, Task<ImageOutcome>> build, CancellationToken cancellationToken)
    {
        if (!settings.Rebuild && await engine.Images.FindAsync(image.ToString(), cancellationToken) is not null)
            return ImageOutcome.UpToDate;
        using var log = new BuildLog(logFile, settings.Output, logPrefix);
        try
        {
            return !settings.Rebuild && settings.Registry is not null && await TryPullAsync(image, settings, engine, log, cancellationToken)
                ? ImageOutcome.Pulled
                : await build(log);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.Write($"error: {e}");
            log.ShowTail();
            throw new ImageGenerationException($"{failure}: {e.Message} — log: {log.Path}", e);
        }
    }

    /// <summary>The build log of a platform.</summary>
    public static string LogFile(ImageSettings settings, string platform) =>
        Path.Combine(settings.StateDirectory, "logs", "GenerateImage", $"{platform}.log");

    private const UnixFileMode ExecutableMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
                                                UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    /// <summary>
    /// Whether the registry's manifest for the tag is one the engine already pulled or pushed for this image (its repo
    /// digests), so a second --upload in one run (GenerateImage, then BuildWheel) or on a later run sends nothing.
    /// </summary>
    private static async Task<bool> RegistryServesAsync(ImageReference image, ImageSettings settings, ContainerEngine engine, CancellationToken cancellationToken)
    {
        var local = await engine.Images.FindAsync(image.ToString(), cancellationToken);
        var known = local?.RepoDigests.Where(d => d.StartsWith(image.Repository + "@", StringComparison.Ordinal))
            .Select(d => d[(image.Repository.Length + 1)..]).ToHashSet(StringComparer.Ordinal) ?? [];
        if (known.Count == 0) return false;
        try
        {
            return known.Contains(await engine.Images.ServedDigestAsync(image.ToString(), settings.RegistryLogin?.For(settings.Registry!), cancellationToken));
        }
        catch (EngineException)
        {
            return false; // not served (or not readable): push, which reports any real problem
        }
    }

    /// <summary>Pulls the image by its content-key tag; false (and the build goes ahead) when the registry does not have it.</summary>
    private static async Task<bool> TryPullAsync(ImageReference image, ImageSettings settings, ContainerEngine engine, BuildLog log, CancellationToken cancellationToken)
    {
        try
        {
            log.Announce($"pulling {image}");
            await engine.Images.PullAsync(image.Repository, image.Tag, settings.RegistryLogin?.For(settings.Registry!), log, cancellationToken);
            return true;
        }
        catch (EngineException e)
        {
            // Absent from the registry (or the registry is unreachable): building is the fallback either way.
            log.Announce($"not pulled ({e.Message.Split('\n')[0]}); building");
            return false;
        }
    }

    private static async Task<ImageOutcome> BuildAsync(ImagePlan plan, ImageSettings settings, ContainerEngine engine, BuildLog log, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        await FreeSpaceCheck.WarnAsync(settings, engine, log, cancellationToken);
        await SuiteToolsImage.EnsureAsync(plan, settings, engine, log, cancellationToken);
        var scratch = Path.Combine(settings.StateDirectory, "temp", $"image-context-{Guid.NewGuid():N}");
        try
        {
            var sources = await RecipeSourceDeployment.DeployAsync(settings, scratch, cancellationToken);
            using var context = BuildContextArchive.Create(plan.Files, ToolchainRecipe.Executables, sources);
            log.Announce($"building {plan.Reference} from {plan.Tools.Reference}");
            await engine.Images.BuildAsync(new ImageBuildSpec
            {
                Tags = [plan.Reference.ToString()],
                BuildArgs = new Dictionary<string, string> { ["DOCKERBUILD_IMAGE"] = plan.Reference.ToString() },
                Labels = new Dictionary<string, string>
                {
                    ["org.dockerbuild.platform"] = plan.Platform.Name,
                    ["org.dockerbuild.content-key"] = plan.Key,
                    ["org.dockerbuild.recipe-version"] = ToolchainRecipe.Version.ToString(System.Globalization.CultureInfo.InvariantCulture),
                },
                NetworkMode = settings.BuildNetworkMode,
                NoCache = settings.NoCache,
            }, context, log, cancellationToken);
        }
        finally
        {
            if (Directory.Exists(scratch)) Directory.Delete(scratch, recursive: true);
        }
        log.Announce($"built {plan.Reference} in {clock.Elapsed.TotalSeconds:F1} s");
        return ImageOutcome.Built;
    }
}
