using DockerBuild.Graph;

/// <summary>The build's parameters; their kebab-case names are the user interface.</summary>
partial class Build
{
    [Parameter("Platforms: exact names (linux-arm64-py3.11) or arch prefixes (linux-arm64); default: those marked default")]
    readonly string[] Platform = [];

    [Parameter("Wheels: name or name==version; default: all")]
    readonly string[] Wheel = [];

    [Parameter("State directory: sources, CIPD store, image manifests, wheels, logs")]
    readonly string StateDir = ".dockerbuild";

    [Parameter("Wheel builds run at once; default: the number of cores")]
    readonly int? Jobs;

    [Parameter("Build images and wheels even when their content key is already present")]
    readonly bool Rebuild;

    // Named like the Upload target on the command line (--upload); the member name must differ from the target's.
    [Parameter("Push mirrored and generated images to --registry, register wheels in the store", Name = "Upload")]
    readonly bool UploadResults;

    [Parameter("Register fetched sources in the CIPD store (otherwise the run warns about them)")]
    readonly bool UploadSources;

    [Parameter("Sources: a url, pypi or github source declared without sha256 is downloaded and its sha256 written into its YAML")]
    readonly bool PinSources;

    [Parameter("Private registry (host:port) for mirrored and generated images; empty: local images only")]
    readonly string? Registry;

    [Parameter("User for --registry (else ~/.docker/config.json)")]
    readonly string? RegistryUser;

    [Parameter("Password for --registry"), Secret]
    readonly string? RegistryPassword;

    [Parameter("Registry the upstream base images are mirrored from")]
    readonly string UpstreamRegistry = "docker.io";

    [Parameter("CIPD service URL, reached through the cipd CLI; empty: the local store under --state-dir")]
    readonly string? CipdService;

    [Parameter("Python package index for pypi sources; default: the host's pip configuration")]
    readonly string? IndexUrl;

    [Parameter("BuildWheel: directories or pages with build-requirement wheels (besides the index); each is locked and kept in the store")]
    readonly string[] FindLinks = [];

    [Parameter("Debian archive URL for bootstrapped bases; default: the host's apt sources")]
    readonly string? DebianMirror;

    [Parameter("Root of a Debian snapshot archive; needed when a platform pins a snapshot")]
    readonly string? DebianSnapshotMirror;

    [Parameter("Token for the GitHub API (github sources, release assets)", Name = "GithubToken"), Secret]
    readonly string? GitHubToken;

    [Parameter("BuildWheel/Upload: this machine's share k/N of the (wheel, platform) pairs, e.g. 2/3")]
    readonly string? Partition;

    [Parameter("Upload: also attach the wheels to this existing GitHub release, owner/repo@tag", Name = "GithubRelease")]
    readonly string? GitHubRelease;

    [Parameter("Upload: replace release assets of the same name whose bytes differ", Name = "GithubReleaseReplace")]
    readonly bool GitHubReleaseReplace;

    [Parameter("Run: host directory mounted at /work; default: the current directory")]
    readonly string? Workdir;

    [Parameter("Run: K=V set in the container")]
    readonly string[] Env = [];

    [Parameter("Run: K=V prepended to the container's value (':'-joined)")]
    readonly string[] EnvPrefix = [];

    [Parameter("Run: K=V appended to the container's value (':'-joined)")]
    readonly string[] EnvSuffix = [];

    [Parameter("Store: check every instance, ref, tag, output, cache file and the index; repair from verified copies, quarantine the rest")]
    readonly bool Verify;

    [Parameter("Prune: remove what is listed (without it, a dry run)")]
    readonly bool Apply;

    [Parameter("Prune: stale images kept per platform, newest first")]
    readonly int Keep = 1;

    [Parameter("Test: an NUnit filter, e.g. Category=Graph")]
    readonly string? TestFilter;
}
