namespace DockerBuild.Images.Recipe;

/// <summary>The image a toolchain image is built FROM, and how it enters the content key.</summary>
/// <param name="Reference">What the Dockerfile's FROM names (a local tag or a registry reference with digest).</param>
/// <param name="Identity">What the key records: Debian suite and snapshot, or the pinned digest.</param>
/// <param name="PinnedSnapshot">True when apt reads a snapshot archive (whose Release files have expired).</param>
public sealed record ImageBase(string Reference, string Identity, bool PinnedSnapshot);
