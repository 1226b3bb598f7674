using System.Text;
using DockerBuild.Tools.Cipd.Local;
using DockerBuild.Tools.IO;

namespace DockerBuild.Tools.Cipd.Packages;

/// <summary>
/// Extracts a package into a directory as <c>cipd</c> deploys in copy mode: regular files (executable ones 0755,
/// others 0644), symlinks recreated with their recorded target, the manifest's version file written, the
/// <c>.cipdpkg</c> service files left out. An entry whose path would leave the root (absolute, "..", or through a
/// symlink) is refused before anything is written.
/// </summary>
public static class CipdPackageDeployer
{
    public static async Task DeployAsync(string packageFile, string root, CipdPin pin, CancellationToken cancellationToken = default)
    {
        var target = Path.GetFullPath(root);
        using var zip = CipdPackageReader.Open(packageFile);
        var entries = zip.Entries.Where(e => !e.FullName.StartsWith(CipdManifest.ServiceDirectory + "/", StringComparison.Ordinal)).ToList();
        foreach (var entry in entries)
        {
            if (!CipdPaths.IsCleanRelative(entry.FullName))
                throw new CipdStoreException($"refusing to deploy {pin}: entry \"{entry.FullName}\" is not a clean relative path and could escape \"{target}\"");
        }
        var contents = CipdPackageReader.Read(packageFile);
        if (contents.Manifest.VersionFile is { } versionFile && !CipdPaths.IsCleanRelative(versionFile))
            throw new CipdStoreException($"refusing to deploy {pin}: version file \"{versionFile}\" is not a clean relative path");

        Directory.CreateDirectory(target);
        foreach (var entry in entries)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var info = CipdPackageReader.ToEntry(entry);
            var path = PrepareParent(target, entry.FullName, pin);
            if (info.IsSymlink)
            {
                using var reader = new StreamReader(entry.Open(), Encoding.UTF8);
                var linkTarget = await reader.ReadToEndAsync(cancellationToken);
                if (File.Exists(path) || Directory.Exists(path) || new FileInfo(path).LinkTarget is not null) File.Delete(path);
                File.CreateSymbolicLink(path, linkTarget);
                continue;
            }
            if (new FileInfo(path).LinkTarget is not null) File.Delete(path);
            await using (var output = AtomicFile.Create(path, durable: false))
            {
                await using (var input = entry.Open()) await input.CopyToAsync(output.Stream, cancellationToken);
                await output.CommitAsync(cancellationToken);
            }
            if (!OperatingSystem.IsWindows())
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead
                    | (info.Executable ? UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute : 0));
        }

        if (contents.Manifest.VersionFile is { } version)
        {
            var json = $"{{\n  \"package_name\": \"{pin.Package}\",\n  \"instance_id\": \"{pin.InstanceId}\"\n}}";
            await AtomicFile.WriteAllBytesAsync(PrepareParent(target, version, pin), Encoding.UTF8.GetBytes(json), cancellationToken, durable: false);
        }
    }

    /// <summary>Creates the parent directories of an entry, refusing any that is a symlink (it could point outside).</summary>
    private static string PrepareParent(string root, string name, CipdPin pin)
    {
        var components = name.Split('/');
        var current = root;
        foreach (var component in components[..^1])
        {
            current = Path.Combine(current, component);
            var info = new DirectoryInfo(current);
            if (info.LinkTarget is not null)
                throw new CipdStoreException($"refusing to deploy {pin}: entry \"{name}\" goes through the symlink \"{current}\", which could lead outside \"{root}\"");
            if (File.Exists(current)) throw new CipdStoreException($"cannot deploy {pin}: \"{current}\" is a file but entry \"{name}\" needs it to be a directory");
            Directory.CreateDirectory(current);
        }
        return Path.Combine(current, components[^1]);
    }
}
