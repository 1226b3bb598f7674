using System.Globalization;
using DockerBuild.Sources.Packing;
using DockerBuild.Tools.Process;

namespace DockerBuild.Sources.Acquisition;

/// <summary>
/// The <c>git</c> kind: the tree of one commit, fetched with the git CLI into a scratch clone and packed
/// deterministically with the commit time as every mtime. The commit id is the pin.
/// </summary>
public sealed class GitSourceFetcher(SourceCache cache, TextWriter? log)
{
    private static readonly IReadOnlySet<string> Excluded = new HashSet<string> { ".git" };

    /// <summary>The program this class runs, for the host's prerequisites.</summary>
    public static readonly HostTool Tool = new("git", "git", "fetches the wheel sources of kind git");

    public async Task<AcquiredSource> AcquireAsync(SourceSpec spec, CancellationToken cancellationToken)
    {
        var commit = spec.Commit!.ToLowerInvariant();
        var file = cache.PathFor(spec, $"{spec.Name}-{spec.Version}.tar");
        // The tar is a pure function of the commit, and it is only ever written atomically.
        if (File.Exists(file))
        {
            log?.WriteLine($"  {spec.Name} {spec.Version}: cached {file}");
            return new AcquiredSource(spec, file, await Downloads.VerifiedDownloader.ComputeSha256Async(file, cancellationToken), Reused: true);
        }

        var git = Tool.Locate() ?? throw new SourceSpecException(spec, Tool.MissingMessage);
        var work = cache.NewScratchDirectory("git");
        try
        {
            log?.WriteLine($"  {spec.Name} {spec.Version}: fetching {spec.Url} at {commit}");
            await Git(git, work, cancellationToken, "init", "--quiet");
            var shallow = await ProcessRunner.RunAsync(GitSpec(git, work, "fetch", "--quiet", "--depth", "1", spec.Url!, commit), cancellationToken);
            if (!shallow.Succeeded)
            {
                // Servers that refuse to serve a bare commit id: fetch every branch and tag, then look for it.
                var full = await ProcessRunner.RunAsync(GitSpec(git, work, "fetch", "--quiet", "--tags", spec.Url!, "+refs/heads/*:refs/remotes/source/*"), cancellationToken);
                if (!full.Succeeded)
                    throw new SourceSpecException(spec, $"git could not fetch {spec.Url}: {LastLine(full.StandardError)}");
            }
            var checkout = await ProcessRunner.RunAsync(GitSpec(git, work, "checkout", "--quiet", "--detach", commit), cancellationToken);
            if (!checkout.Succeeded)
                throw new SourceSpecException(spec, $"commit {commit} is not in {spec.Url}: {LastLine(checkout.StandardError)}");
            var head = (await Git(git, work, cancellationToken, "rev-parse", "HEAD")).Trim();
            if (!head.Equals(commit, StringComparison.OrdinalIgnoreCase))
                throw new SourceSpecException(spec, $"checked out {head}, not the pinned commit {commit}");
            var seconds = long.Parse((await Git(git, work, cancellationToken, "show", "-s", "--format=%ct", "HEAD")).Trim(), CultureInfo.InvariantCulture);

            await DeterministicTarWriter.PackDirectoryAsync(work, file, DateTimeOffset.FromUnixTimeSeconds(seconds), Excluded, cancellationToken);
            return new AcquiredSource(spec, file, await Downloads.VerifiedDownloader.ComputeSha256Async(file, cancellationToken), Reused: false);
        }
        finally
        {
            SourceCache.DeleteTree(work);
        }
    }

    private static ProcessSpec GitSpec(string git, string work, params string[] arguments) => new()
    {
        FileName = git,
        // Settings that would change the checked-out bytes (line endings, symlinks as files) are pinned.
        Arguments = ["-c", "core.autocrlf=false", "-c", "core.symlinks=true", "-c", "advice.detachedHead=false", .. arguments],
        WorkingDirectory = work,
        Environment = new Dictionary<string, string?> { ["GIT_TERMINAL_PROMPT"] = "0", ["GIT_ASKPASS"] = null, ["LC_ALL"] = "C" },
    };

    private static async Task<string> Git(string git, string work, CancellationToken cancellationToken, params string[] arguments)
        => (await ProcessRunner.RunCheckedAsync(GitSpec(git, work, arguments), cancellationToken)).StandardOutput;

    private static string LastLine(string text)
        => text.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault()?.Trim() ?? "no message";
}
