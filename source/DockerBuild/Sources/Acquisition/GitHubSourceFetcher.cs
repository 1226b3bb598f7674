using DockerBuild.Tools.GitHub;
using Octokit;

namespace DockerBuild.Sources.Acquisition;

/// <summary>
/// The <c>github</c> kind: the tarball GitHub serves for a tag or commit, pinned by sha256. It is downloaded from the
/// API's tarball URL, which redirects to the archive host; a cached copy costs no API call.
/// </summary>
public sealed class GitHubSourceFetcher(Func<PinnedDownload> download, GitHubClientOptions gitHub)
{
    public Task<AcquiredSource> AcquireAsync(SourceSpec spec, CancellationToken cancellationToken)
    {
        var parts = spec.Repo!.Split('/');
        var gitRef = spec.Tag ?? spec.Commit!;
        var tarball = GitHubConnection.Url(gitHub, ApiUrls.RepositoryArchiveLink(parts[0], parts[1], ArchiveFormat.Tarball, gitRef));
        return download().FetchAsync(spec, tarball, $"{parts[1]}-{gitRef}.tar.gz", cancellationToken);
    }
}
