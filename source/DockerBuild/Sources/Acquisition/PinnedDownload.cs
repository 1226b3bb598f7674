using DockerBuild.Sources.Downloads;
using DockerBuild.Sources.Packing;

namespace DockerBuild.Sources.Acquisition;

/// <summary>
/// Brings a pinned file into the cache: reuses a cached copy whose hash matches, otherwise downloads and verifies it;
/// then refuses archives with entries that would escape when unpacked (the cached file is removed in that case).
/// </summary>
public sealed class PinnedDownload(SourceCache cache, VerifiedDownloader downloader, TextWriter? log)
{
    public async Task<AcquiredSource> FetchAsync(SourceSpec spec, Uri url, string fileName, CancellationToken cancellationToken)
    {
        var sha256 = spec.Sha256?.ToLowerInvariant();
        var file = cache.PathFor(spec, fileName);
        var reused = sha256 is not null && await SourceCache.HoldsVerifiedAsync(file, sha256, cancellationToken);
        if (reused) log?.WriteLine($"  {spec.Name} {spec.Version}: cached {file}");
        else
        {
            log?.WriteLine($"  {spec.Name} {spec.Version}: downloading {url}{(sha256 is null ? " to pin it" : "")}");
            sha256 = await downloader.DownloadAsync(url, file, sha256, spec.DeclaredAt, cancellationToken);
        }
        if (SourceArchive.IsReadable(file))
        {
            try
            {
                await SourceArchive.VerifyAsync(file, cancellationToken);
            }
            catch (Exception e) when (e is HostileArchiveException or InvalidDataException or FormatException)
            {
                File.Delete(file);
                if (e is HostileArchiveException) throw;
                throw new SourceSpecException(spec, $"{url} is not a readable archive ({e.Message})");
            }
        }
        return new AcquiredSource(spec, file, sha256!, reused);
    }
}
