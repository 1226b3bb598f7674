using DockerBuild.Builds;
using DockerBuild.Builds.Outputs;
using DockerBuild.Context;
using DockerBuild.Sources;
using DockerBuild.Tools.Cipd;
using DockerBuild.Tools.GitHub;
using DockerBuild.Wheels;

namespace DockerBuild.Uploads;

/// <summary>What the Upload target reads from the build's parameters.</summary>
public sealed record UploadStepSettings
{
    /// <summary>The state root; the Upload step takes it from the run's context.</summary>
    public string StateDirectory { get; init; } = "";
    /// <summary><c>--upload</c>: register (and publish); otherwise a dry run.</summary>
    public bool Upload { get; init; }
    /// <summary><c>--github-release owner/repo@tag</c>: also attach the wheels to that release.</summary>
    public string? GitHubRelease { get; init; }
    /// <summary><c>--github-release-replace</c>: replace release assets whose bytes differ instead of failing.</summary>
    public bool GitHubReleaseReplace { get; init; }
    public string? GitHubToken { get; init; }
    /// <summary>The GitHub API root; null for api.github.com (tests point it at a fake).</summary>
    public Uri? GitHubApiUrl { get; init; }
    /// <summary>Where each wheel's line goes; the Upload step writes to the run's output.</summary>
    public TextWriter Log { get; init; } = TextWriter.Null;

    public string WheelsDirectory => Path.Combine(StateDirectory, "wheels");
    public string IndexDirectory => Path.Combine(StateDirectory, "index");
}

/// <summary>What the Upload target did: the store's side, the index, and the release assets (if any).</summary>
public sealed record UploadStepReport(UploadReport Store, IReadOnlyList<SimpleIndexWriter.IndexedWheel> Index, IReadOnlyList<PublishedAsset> ReleaseAssets);

/// <summary>
/// The Upload target's body: read the built wheels of the selected (wheel, platform) pairs from
/// <c>&lt;state-dir&gt;/wheels/&lt;platform&gt;/</c>, register them (or print what would be registered), rewrite the
/// simple index of the store, and with <c>--github-release</c> attach them to that release.
/// </summary>
public static class UploadStep
{
    /// <summary>
    /// Checks before any target starts that the pairs can be uploaded at all (no two share a CIPD package, every version
    /// can be a tag), so a build does not spend an hour on wheels it cannot publish. True, or the error naming the fix.
    /// </summary>
    public static bool PairsCanBeUploaded(IReadOnlyList<WheelPair> pairs)
    {
        PackageClashes.Check(pairs);
        VersionTags.Check(pairs);
        return true;
    }

    /// <summary>The Upload target's entry: this partition's pairs, in the run's store, state directory and output.</summary>
    public static async Task<StepReport> RunAsync(BuildContext context, IReadOnlyList<WheelPair> pairs, UploadStepSettings options,
        CancellationToken cancellationToken)
    {
        await RunAsync(pairs, options with { StateDirectory = context.StateDirectory, Log = context.Output.Lines }, context.Store, cancellationToken);
        return StepReport.Done;
    }

    public static async Task<UploadStepReport> RunAsync(IReadOnlyList<WheelPair> pairs, UploadStepSettings settings, ICipdRepository store,
        CancellationToken cancellationToken = default)
    {
        var release = settings.GitHubRelease is { Length: > 0 } text ? GitHubReleaseTarget.Parse(text) : null;
        PackageClashes.Check(pairs);
        VersionTags.Check(pairs);
        var platforms = pairs.Select(p => p.Platform).DistinctBy(p => p.Name).ToList();
        var built = await BuiltWheelSidecar.ReadDirectoryAsync(settings.WheelsDirectory, platforms.Select(p => p.Name), cancellationToken);
        // The CPythons of an abi3 wheel each output a copy of one file: it is one wheel to register and attach.
        var wheels = Selected(pairs, built, settings.WheelsDirectory).DistinctBy(w => (w.FileName, w.Sha256)).ToList();

        var log = settings.Log;
        var stored = await WheelUpload.RunAsync(wheels, platforms, new UploadSettings
        {
            Upload = settings.Upload,
            TemporaryDirectory = Path.Combine(settings.StateDirectory, "temp", "upload"),
            Log = log,
        }, store, cancellationToken);

        var index = await SimpleIndexWriter.WriteAsync(store, settings.IndexDirectory, cancellationToken);
        var simple = Path.Combine(settings.IndexDirectory, "simple");
        log.WriteLine($"simple index: {index.Count} wheel(s) of {index.Select(w => w.Project).Distinct().Count()} project(s); "
            + $"pip install --index-url {new Uri(simple).AbsoluteUri} <project>");

        IReadOnlyList<PublishedAsset> assets = [];
        if (release is not null && !settings.Upload)
            log.WriteLine($"would attach {wheels.Count} wheel(s) to release {release} (pass --upload)");
        else if (release is not null)
        {
            var defaults = new GitHubClientOptions { Token = settings.GitHubToken };
            var options = settings.GitHubApiUrl is { } api ? defaults with { BaseUrl = api } : defaults;
            var client = GitHubConnection.CreateClient(options);
            try
            {
                assets = await GitHubReleasePublisher.PublishAsync(wheels, release, client, settings.GitHubReleaseReplace, log, cancellationToken);
            }
            catch (HttpRequestException e)
            {
                // The store and the index are already complete; only the release is behind, and attaching is idempotent.
                throw new UploadException($"attaching {wheels.Count} wheel(s) to GitHub release {release} failed: "
                    + $"{options.BaseUrl.GetLeftPart(UriPartial.Authority)} could not be reached "
                    + $"({e.InnerException?.Message ?? e.Message}). The wheels are registered and the index is written; run Upload again "
                    + "when GitHub is reachable: assets already attached are kept.");
            }
        }
        return new UploadStepReport(stored, index, assets);
    }

    /// <summary>The built wheels of the selected pairs; every pair must have one.</summary>
    private static List<BuiltWheel> Selected(IReadOnlyList<WheelPair> pairs, IReadOnlyList<BuiltWheel> built, string wheelsDirectory)
    {
        var selected = new List<BuiltWheel>();
        var missing = new List<string>();
        foreach (var pair in pairs)
        {
            var matching = built.Where(w => w.Platform == pair.Platform.Name
                && SourceSpecReader.StoreName(w.Name) == SourceSpecReader.StoreName(pair.Wheel.Name)
                && w.Version == pair.Wheel.Version).ToList();
            if (matching.Count == 0) missing.Add($"{pair.Wheel.Id} for {pair.Platform.Name}");
            selected.AddRange(matching);
        }
        if (missing.Count > 0)
            throw new UploadException($"no built wheel (with its .whl.json record) under {wheelsDirectory}/<platform>/ for: "
                + string.Join(", ", missing) + ". Run BuildWheel for them first, or narrow --wheel/--platform.");
        return selected;
    }
}
