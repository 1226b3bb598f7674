using DockerBuild.Images.Recipe;
using DockerBuild.Mirror;
using DockerBuild.Platforms;

namespace DockerBuild.Images.Bases;

/// <summary>
/// The base of a platform whose upstream image was mirrored: Mirror's record in <c>&lt;state&gt;/mirror/&lt;platform&gt;.json</c>
/// names what to build FROM — the private-registry copy by digest, or the local image ID when it was kept local —
/// and that content-addressed name is what enters the key.
/// </summary>
public static class MirroredBaseImage
{
    public static ImageBase For(PlatformSpec platform, UpstreamImage upstream, string stateDirectory)
    {
        var store = new MirrorRecordStore(stateDirectory);
        var record = store.Read(platform.Name)
            ?? throw new InvalidOperationException(
                $"platform '{platform.Name}' is based on {upstream} but {store.PathFor(platform.Name)} does not exist: run Mirror --platform {platform.Name} first.");
        return new ImageBase(record.BuildFrom, $"image {record.BuildFrom}", AcceptsExpiredRelease: false);
    }
}
