namespace DockerBuild.Images;

/// <summary>The name of a platform's image: <c>[registry/]dockerbuild/&lt;platform&gt;:&lt;content key&gt;</c>.</summary>
public sealed record ImageReference(string Repository, string Tag)
{
    /// <summary>Names the image of <paramref name="platform"/> with content key <paramref name="key"/>.</summary>
    public static ImageReference ForPlatform(string platform, string key, string? registry)
    {
        var repository = $"dockerbuild/{platform}";
        if (!string.IsNullOrEmpty(registry)) repository = $"{registry.TrimEnd('/')}/{repository}";
        return new ImageReference(repository, key);
    }

    public override string ToString() => $"{Repository}:{Tag}";
}
