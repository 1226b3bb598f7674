using DockerBuild.Sources.Acquisition;
using DockerBuild.Tools.Cipd;
using DockerBuild.Tools.Cipd.Packages;

namespace DockerBuild.Sources.Interning;

/// <summary>
/// Turns an acquired source into its CIPD package file: a package holding exactly the cached file under its own
/// name (e.g. <c>zstandard-0.21.0.tar.gz</c>), so the same bytes always give the same instance ID.
/// </summary>
public sealed class SourcePackageBuilder(SourceCache cache)
{
    /// <summary>Builds the package into a scratch directory; the caller deletes <see cref="BuiltSourcePackage.ScratchDirectory"/>.</summary>
    public async Task<BuiltSourcePackage> BuildAsync(AcquiredSource source, CancellationToken cancellationToken)
    {
        var scratch = cache.NewScratchDirectory("package");
        try
        {
            var content = Path.Combine(scratch, "content");
            Directory.CreateDirectory(content);
            File.Copy(source.File, Path.Combine(content, Path.GetFileName(source.File)));
            var packageFile = Path.Combine(scratch, $"{source.Spec.Name}-{source.Spec.Version}.cipd");
            var pin = await CipdPackageBuilder.BuildFromDirectoryAsync(SourcePackages.PackageName(source.Spec.Name), content, packageFile, cancellationToken);
            return new BuiltSourcePackage(pin, packageFile, scratch);
        }
        catch
        {
            SourceCache.DeleteTree(scratch);
            throw;
        }
    }
}

/// <summary>A package file built from a source, not yet (or not necessarily) in the store.</summary>
public sealed record BuiltSourcePackage(CipdPin Pin, string PackageFile, string ScratchDirectory);
