namespace DockerBuild.Sources.Acquisition;

/// <summary>A source file in the download cache, verified: the pinned archive, or the deterministic tar of git/local.</summary>
/// <param name="File">Absolute path in the cache; this exact file becomes the package content.</param>
/// <param name="Sha256">Hex sha256 of <paramref name="File"/>.</param>
/// <param name="Reused">True when the cache already held the verified file and nothing was fetched.</param>
public sealed record AcquiredSource(SourceSpec Spec, string File, string Sha256, bool Reused);
