using DockerBuild.Sources.Downloads;
using DockerBuild.Tools.Pip;

namespace DockerBuild.Sources;

/// <summary>What the Sources step needs from the command line and the host.</summary>
public sealed record SourcesSettings
{
    /// <summary>The state root (e.g. <c>.dockerbuild</c>); downloads are cached under its <c>sources/</c>. The Sources step
    /// takes it from the run's context.</summary>
    public string StateDirectory { get; init; } = "";
    /// <summary>Register interned sources in the store; without it they are only reported as not interned.</summary>
    public bool UploadSources { get; init; }
    /// <summary>Package index for <c>pypi</c> sources; when null the host's pip configuration is read.</summary>
    public string? IndexUrl { get; init; }
    /// <summary>Where the pip configuration is read from when <see cref="IndexUrl"/> is null; null means this host's.</summary>
    public PipIndexConfiguration? PipConfiguration { get; init; }
    /// <summary>GitHub REST API root for <c>github</c> sources; null means GitHub itself.</summary>
    public Uri? GitHubApiUrl { get; init; }
    /// <summary>GitHub token; null means <c>GITHUB_TOKEN</c> from the environment.</summary>
    public string? GitHubToken { get; init; }
    /// <summary>Directory that relative <c>local</c> paths are resolved against when the declaring file is unknown.</summary>
    public string? RootDirectory { get; init; }
    public DownloadRetryPolicy Retry { get; init; } = new();
    /// <summary>Download progress sink; null shows nothing.</summary>
    public IProgress<DownloadProgress>? Progress { get; init; }
    /// <summary>Where step-by-step lines go (reuse, download, register); null is silent.</summary>
    public TextWriter? Log { get; init; }

    /// <summary>The download cache, <c>&lt;state-dir&gt;/sources</c>.</summary>
    public string CacheDirectory => Path.Combine(StateDirectory, "sources");
}
