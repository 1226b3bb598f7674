namespace DockerBuild.Tools.Cipd.Packages;

/// <summary>
/// Which entries CIPD stores rather than deflates: symlinks, everything at level 0, and files whose extension says
/// they are already compressed (decided on the lower-cased extension only, never on content, as the client does).
/// </summary>
public static class CipdCompression
{
    /// <summary>The <c>cipd</c> client's default deflate level.</summary>
    public const int DefaultLevel = 5;

    private static readonly HashSet<string> CompressedExtensions = new(StringComparer.Ordinal)
    {
        // archives
        ".7z", ".apk", ".bz2", ".cab", ".dmg", ".egg", ".epub", ".gz", ".jar", ".lz", ".lzma", ".lzo", ".pea", ".rar",
        ".rz", ".s7z", ".tbz2", ".tgz", ".tlz", ".war", ".whl", ".xpi", ".xz", ".z", ".zip", ".zipx",
        // images whose compression is assumed to be on
        ".arw", ".cr2", ".dng", ".gif", ".jpeg", ".jpg", ".nef", ".orf", ".pef", ".pgf", ".png", ".raf", ".rw2", ".srw",
        ".tiff", ".webp",
        // audio and video containers
        ".aac", ".alac", ".avi", ".flac", ".gifv", ".m4p", ".m4v", ".mka", ".mkv", ".mov", ".mp3", ".mp4", ".mpg",
        ".ogg", ".qt", ".vob", ".webm", ".wma", ".wmv",
    };

    public static bool IsLikelyAlreadyCompressed(string name)
    {
        var slash = name.LastIndexOf('/');
        var dot = name.LastIndexOf('.');
        return dot > slash && CompressedExtensions.Contains(name[dot..].ToLowerInvariant());
    }

    public static bool ShouldDeflate(CipdPackageFile file, int level) =>
        level > 0 && !file.IsSymlink && !IsLikelyAlreadyCompressed(file.Name);
}
