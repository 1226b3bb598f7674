using System.Text.Json;
using DockerBuild.Images.Recipe;
using DockerBuild.Platforms;

namespace DockerBuild.Images.Bases;

/// <summary>
/// The base of a platform whose upstream image was mirrored: read from <c>&lt;state&gt;/mirror/&lt;platform&gt;.json</c>, which
/// Mirror writes with the private-registry reference pinned by digest (<c>"reference": "host/repo@sha256:…"</c>, or
/// <c>"repository"</c> + <c>"digest"</c>).
/// </summary>
public static class MirroredBaseImage
{
    public static ImageBase For(PlatformSpec platform, UpstreamImage upstream, string stateDirectory)
    {
        var file = Path.Combine(stateDirectory, "mirror", $"{platform.Name}.json");
        if (!File.Exists(file))
            throw new InvalidOperationException(
                $"platform '{platform.Name}' is based on {upstream} but {file} does not exist: run Mirror --platform {platform.Name} --registry <host:port> first.");
        using var document = JsonDocument.Parse(File.ReadAllText(file));
        var root = document.RootElement;
        string? reference = null;
        if (root.TryGetProperty("reference", out var r) && r.GetString() is { } full) reference = full;
        else if (root.TryGetProperty("repository", out var repo) && root.TryGetProperty("digest", out var digest))
            reference = $"{repo.GetString()}@{digest.GetString()}";
        if (reference is null || !reference.Contains("@sha256:", StringComparison.Ordinal))
            throw new InvalidOperationException($"{file}: expected \"reference\" (or \"repository\" and \"digest\") naming the mirrored image by digest (…@sha256:…).");
        return new ImageBase(reference, $"image {reference}", PinnedSnapshot: false);
    }
}
