using DockerBuild.Tools.GitHub;

namespace DockerBuild.Sources.Acquisition;

/// <summary>The <c>github</c> kind: the tarball GitHub serves for a tag or commit, pinned by sha256.</summary>
public sealed class GitHubSourceFetcher(PinnedDownload download, Func<GitHubClient> gitHub)
{
    public async Task<AcquiredSource> AcquireAsync(SourceSpec spec, CancellationToken cancellationToken)
    {
        var parts = spec.Repo!.Split('/');
        var gitRef = spec.Tag ?? spec.Commit!;
        Uri tarball;
        try
        {
            tarball = await gitHub().GetTarballUrlAsync(parts[0], parts[1], gitRef, cancellationToken);
        }
        catch (GitHubApiException e) when (e is not GitHubRateLimitException)
        {
            throw new SourceSpecException(spec, $"GitHub could not give the tarball of {spec.Repo}@{gitRef}: {e.Message}");
        }
        return await download.FetchAsync(spec, tarball, $"{parts[1]}-{gitRef}.tar.gz", cancellationToken);
    }
}
