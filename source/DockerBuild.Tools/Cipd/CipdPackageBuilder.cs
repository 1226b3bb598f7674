using DockerBuild.Tools.Cipd.Local;
using DockerBuild.Tools.IO;
using DockerBuild.Tools.Cipd.Packages;

namespace DockerBuild.Tools.Cipd;

/// <summary>What goes into one package file.</summary>
public sealed record CipdBuildOptions
{
    public required string PackageName { get; init; }
    public required IReadOnlyList<CipdPackageFile> Files { get; init; }
    /// <summary>Where deploy drops a JSON file naming the installed instance (slash path), or null.</summary>
    public string? VersionFile { get; init; }
    /// <summary>"copy", "symlink" or null (the client's default, left out of the manifest).</summary>
    public string? InstallMode { get; init; }
    /// <summary>Deflate level 0–9; 0 stores everything.</summary>
    public int CompressionLevel { get; init; } = CipdCompression.DefaultLevel;
}

/// <summary>
/// Builds CIPD package files (a zip with entries sorted by name and <c>.cipdpkg/manifest.json</c> last) and returns
/// their pins. Deterministic: the same tree gives the same bytes and instance ID whatever its path or mtimes.
/// The zip layout is the Go client's byte for byte (its published empty-package vector is reproduced). Where it
/// differs: deflated bodies of 128 bytes or more come from zlib, which the client does not use, so packages with
/// such entries get other IDs than the client's for the same tree (stored entries, symlinks, already-compressed
/// files, small files and the manifest are identical). Packages of 4 GiB or more (zip64) are refused.
/// </summary>
public static class CipdPackageBuilder
{
    /// <summary>Packs every file under <paramref name="rootDirectory"/> into <paramref name="outputFile"/> (written atomically).</summary>
    public static Task<CipdPin> BuildFromDirectoryAsync(string packageName, string rootDirectory, string outputFile, CancellationToken cancellationToken = default)
    {
        CipdNames.RequirePackageName(packageName);
        var files = CipdFileScanner.Scan(rootDirectory, rootDirectory);
        return BuildAsync(new CipdBuildOptions { PackageName = packageName, Files = files }, outputFile, cancellationToken);
    }

    /// <summary>Builds the package a definition (<c>cipd create -pkg-def</c> YAML) describes.</summary>
    public static Task<CipdPin> BuildAsync(CipdPackageDefinition definition, string outputFile, CancellationToken cancellationToken = default) =>
        BuildAsync(new CipdBuildOptions
        {
            PackageName = definition.Package,
            Files = definition.FindFiles(),
            VersionFile = definition.VersionFile,
            InstallMode = definition.InstallMode,
        }, outputFile, cancellationToken);

    /// <summary>Builds a package file from an explicit list of files.</summary>
    public static async Task<CipdPin> BuildAsync(CipdBuildOptions options, string outputFile, CancellationToken cancellationToken = default)
    {
        await using (var output = AtomicFile.Create(outputFile))
        {
            await WriteAsync(options, output.Stream, cancellationToken);
            await output.CommitAsync(cancellationToken);
        }
        var id = await CipdInstanceId.ComputeFileAsync(outputFile, cancellationToken: cancellationToken);
        return new CipdPin(options.PackageName, id.Value);
    }

    /// <summary>Writes the package bytes to <paramref name="output"/>.</summary>
    public static async Task WriteAsync(CipdBuildOptions options, Stream output, CancellationToken cancellationToken = default)
    {
        CipdNames.RequirePackageName(options.PackageName);
        if (options.CompressionLevel is < 0 or > 9)
            throw new CipdValidationException($"invalid compression level {options.CompressionLevel}: must be 0 (store) to 9");
        if (options.InstallMode is not (null or "" or "copy" or "symlink"))
            throw new CipdValidationException($"invalid install mode \"{options.InstallMode}\": must be \"copy\", \"symlink\" or empty");
        if (options.VersionFile is { Length: > 0 } versionFile && !CipdPaths.IsCleanRelative(versionFile))
            throw new CipdValidationException($"version file path should be a clean path relative to a package root: \"{versionFile}\"");

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in options.Files)
        {
            if (file.Name.StartsWith(CipdManifest.ServiceDirectory + "/", StringComparison.Ordinal) || file.Name.StartsWith(".cipd/", StringComparison.Ordinal))
                throw new CipdValidationException($"can't write to {file.Name.Split('/')[0]}: {file.Name} (reserved for CIPD's own files)");
            if (!CipdPaths.IsCleanRelative(file.Name))
                throw new CipdValidationException($"file name \"{file.Name}\" must be a clean slash-separated path relative to the package root");
            if (!seen.Add(file.Name)) throw new CipdValidationException($"file {file.Name} is provided twice");
        }

        var zip = new CipdZipWriter(output);
        foreach (var file in CipdFileScanner.SortByName(options.Files))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var mode = (file.IsSymlink ? 0xA000u : 0x8000u) | 0x100u /* 0400 */ | (file.Executable && !file.IsSymlink ? 0x40u /* 0100 */ : 0u);
            await zip.AddAsync(file.Name, mode, CipdCompression.ShouldDeflate(file, options.CompressionLevel), options.CompressionLevel,
                (body, ct) => WriteBodyAsync(file, body, ct), cancellationToken);
        }
        var manifest = new CipdManifest(options.PackageName, NullIfEmpty(options.VersionFile), NullIfEmpty(options.InstallMode)).ToBytes();
        await zip.AddAsync(CipdManifest.EntryName, 0x8000u | 0x100u /* 0400 */, options.CompressionLevel > 0, options.CompressionLevel,
            (body, ct) => body.WriteAsync(manifest, ct).AsTask(), cancellationToken);
        await zip.FinishAsync(cancellationToken);
    }

    private static async Task WriteBodyAsync(CipdPackageFile file, Stream body, CancellationToken cancellationToken)
    {
        if (file.SymlinkTarget is { } target)
        {
            await body.WriteAsync(System.Text.Encoding.UTF8.GetBytes(target), cancellationToken);
            return;
        }
        if (file.Content is { } content)
        {
            await body.WriteAsync(content, cancellationToken);
            return;
        }
        var source = file.SourcePath ?? throw new CipdValidationException($"file {file.Name} has neither content nor a source path");
        await using var input = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        var expected = input.Length;
        await input.CopyToAsync(body, cancellationToken);
        if (input.Position != expected) throw new IOException($"file \"{source}\" changed while it was being packaged");
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
