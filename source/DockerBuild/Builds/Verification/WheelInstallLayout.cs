using System.IO.Compression;

namespace DockerBuild.Builds.Verification;

/// <summary>
/// A wheel laid out the way an installer lays it out in site-packages, for verification: the archive unpacked, then the
/// contents of its <c>.data/purelib</c> and <c>.data/platlib</c> moved up beside the packages. Entries that would land
/// outside the directory are refused (the archive reader checks every path).
/// </summary>
public static class WheelInstallLayout
{
    public static void Unpack(string wheelFile, string siteDirectory)
    {
        Directory.CreateDirectory(siteDirectory);
        ZipFile.ExtractToDirectory(wheelFile, siteDirectory);
        foreach (var data in Directory.GetDirectories(siteDirectory, "*.data"))
        {
            foreach (var scheme in new[] { "purelib", "platlib" })
            {
                var tree = Path.Combine(data, scheme);
                if (!Directory.Exists(tree)) continue;
                foreach (var entry in Directory.EnumerateFileSystemEntries(tree).Order(StringComparer.Ordinal))
                {
                    var destination = Path.Combine(siteDirectory, Path.GetFileName(entry));
                    if (Directory.Exists(entry)) MoveInto(entry, destination);
                    else File.Move(entry, destination, overwrite: true);
                }
            }
        }
    }

    /// <summary>A directory moved, merged into one of the same name that is already there (a package split between the wheel's root and its data).</summary>
    private static void MoveInto(string source, string destination)
    {
        if (!Directory.Exists(destination))
        {
            Directory.Move(source, destination);
            return;
        }
        foreach (var entry in Directory.EnumerateFileSystemEntries(source))
        {
            var target = Path.Combine(destination, Path.GetFileName(entry));
            if (Directory.Exists(entry)) MoveInto(entry, target);
            else File.Move(entry, target, overwrite: true);
        }
    }
}
