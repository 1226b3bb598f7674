namespace DockerBuild.Images.Recipe;

/// <summary>The image a toolchain image is built FROM, and how it enters the content key.</summary>
/// <param name="Reference">What the Dockerfile's FROM names (a local tag or a registry reference with digest).</param>
/// <param name="Identity">What the key records: Debian suite and snapshot, or the pinned digest.</param>
/// <param name="AcceptsExpiredRelease">
/// True when apt reads a snapshot archive (whose Release files have expired) or a testing suite (whose Release expires
/// a week after it is written, so a mirror that syncs less often would otherwise stop every build). The signature is
/// still checked; what was installed is recorded in the image's package manifest.
/// </param>
public sealed record ImageBase(string Reference, string Identity, bool AcceptsExpiredRelease)
{
    /// <summary>The apt-get command line every recipe on this base runs.</summary>
    public string AptGet => AcceptsExpiredRelease ? "apt-get -o Acquire::Check-Valid-Until=false" : "apt-get";
}
