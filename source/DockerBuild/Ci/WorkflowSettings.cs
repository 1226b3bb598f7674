namespace DockerBuild.Ci;

/// <summary>
/// What the generated workflow runs: the targets each platform job invokes, the target the final job invokes,
/// and which repository secrets reach which environment variables (the build reads parameters from them:
/// <c>REGISTRY_PASSWORD</c> is <c>--registry-password</c>). Secrets are referenced by name, never written out.
/// </summary>
public sealed record WorkflowSettings
{
    /// <summary>Invoked in one job per platform, e.g. GenerateImage BuildWheel.</summary>
    public IReadOnlyList<string> PlatformTargets { get; init; } = ["GenerateImage", "BuildWheel"];
    /// <summary>Invoked once, after every platform job, on their wheels.</summary>
    public string FinalTarget { get; init; } = "Upload";
    /// <summary>Environment variable → repository secret, for the platform jobs.</summary>
    public IReadOnlyList<(string Variable, string Secret)> PlatformSecrets { get; init; } = [("REGISTRY_PASSWORD", "REGISTRY_PASSWORD")];
    /// <summary>Environment variable → repository secret, for the final job.</summary>
    public IReadOnlyList<(string Variable, string Secret)> FinalSecrets { get; init; } =
        [("REGISTRY_PASSWORD", "REGISTRY_PASSWORD"), ("GITHUB_TOKEN", "GITHUB_TOKEN")];
    /// <summary>
    /// Environment variable → repository variable (not secret), for the platform jobs: with a registry and a CIPD
    /// service set, a platform job pulls the images and fetches the wheels another job or machine already made.
    /// An unset variable arrives empty, which the build reads as not given.
    /// </summary>
    public IReadOnlyList<(string Variable, string RepositoryVariable)> PlatformVariables { get; init; } = SharedVariables;
    /// <summary>Environment variable → repository variable (not secret), for the final job.</summary>
    public IReadOnlyList<(string Variable, string RepositoryVariable)> FinalVariables { get; init; } = SharedVariables;

    private static readonly (string, string)[] SharedVariables = [("REGISTRY", "REGISTRY"), ("REGISTRY_USER", "REGISTRY_USER"), ("CIPD_SERVICE", "CIPD_SERVICE")];
    /// <summary>The state directory, relative to the checkout (cached, and where wheels are exchanged).</summary>
    public string StateDirectory { get; init; } = ".dockerbuild";
    /// <summary>Folders whose content keys the cache (anything that changes a build's inputs).</summary>
    public IReadOnlyList<string> CacheKeyFolders { get; init; } = ["platforms", "wheels", "source"];
    public string RunsOn { get; init; } = "ubuntu-24.04";
    public string DotnetVersion { get; init; } = "10.0.x";
    /// <summary>Where the workflow lives in the checkout.</summary>
    public string RelativePath { get; init; } = ".github/workflows/wheels.yml";
    /// <summary>The command that regenerates it, named in its header.</summary>
    public string RegenerateCommand { get; init; } = "./build.sh GenerateWorkflow";
}
