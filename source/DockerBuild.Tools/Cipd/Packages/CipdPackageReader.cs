using System.IO.Compression;

namespace DockerBuild.Tools.Cipd.Packages;

/// <summary>One entry of a package file as CIPD records it.</summary>
public sealed record CipdPackageEntry(string Name, long Size, bool Executable, bool IsSymlink, uint UnixMode);

/// <summary>A package file's manifest and entries, in file order.</summary>
public sealed record CipdPackageContents(CipdManifest Manifest, IReadOnlyList<CipdPackageEntry> Entries);

/// <summary>Reads package files: the manifest, the entries with their modes and symlink flags, and entry bytes.</summary>
public static class CipdPackageReader
{
    private const uint FileTypeMask = 0xF000;
    private const uint SymlinkType = 0xA000;

    public static CipdPackageContents Read(string packageFile)
    {
        using var zip = Open(packageFile);
        var entries = zip.Entries.Select(ToEntry).ToList();
        var manifestEntry = zip.GetEntry(CipdManifest.EntryName)
            ?? throw new CipdStoreException($"\"{packageFile}\" is not a CIPD package: it has no {CipdManifest.EntryName}");
        using var stream = manifestEntry.Open();
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return new CipdPackageContents(CipdManifest.Parse(buffer.ToArray(), packageFile), entries);
    }

    internal static ZipArchive Open(string packageFile)
    {
        try
        {
            return ZipFile.OpenRead(packageFile);
        }
        catch (InvalidDataException e)
        {
            throw new CipdStoreException($"\"{packageFile}\" is not a CIPD package (not a readable zip): {e.Message}", e);
        }
    }

    internal static CipdPackageEntry ToEntry(ZipArchiveEntry entry)
    {
        var mode = (uint)entry.ExternalAttributes >> 16;
        var isSymlink = (mode & FileTypeMask) == SymlinkType;
        return new CipdPackageEntry(entry.FullName, entry.Length, !isSymlink && (mode & 0x40 /* 0100 */) != 0, isSymlink, mode);
    }
}
