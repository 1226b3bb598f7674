using DockerBuild.Sources.Downloads;
using DockerBuild.Sources.Packing;

namespace DockerBuild.Sources.Acquisition;

/// <summary>
/// The <c>local</c> kind: a directory of this checkout packed deterministically (fixed mtime, no <c>.git</c>),
/// so its content alone decides the package. Relative paths are taken from the declaring file's directory.
/// </summary>
public sealed class LocalSourceFetcher(SourceCache cache, string? rootDirectory)
{
    private static readonly IReadOnlySet<string> Excluded = new HashSet<string> { ".git" };

    public async Task<AcquiredSource> AcquireAsync(SourceSpec spec, CancellationToken cancellationToken)
    {
        var directory = ResolveDirectory(spec, rootDirectory);
        if (!Directory.Exists(directory))
            throw new SourceSpecException(spec, $"'path' {spec.Path} resolves to '{directory}', which is not a directory");
        var file = cache.PathFor(spec, $"{spec.Name}-{spec.Version}.tar");
        await DeterministicTarWriter.PackDirectoryAsync(directory, file, DeterministicTarWriter.DefaultTimestamp, Excluded, cancellationToken);
        return new AcquiredSource(spec, file, await VerifiedDownloader.ComputeSha256Async(file, cancellationToken), Reused: false);
    }

    /// <summary>The absolute directory: as given when absolute, else beside the declaring file, else under the root.</summary>
    public static string ResolveDirectory(SourceSpec spec, string? rootDirectory)
    {
        if (Path.IsPathRooted(spec.Path!)) return Path.GetFullPath(spec.Path!);
        var declaringFile = DeclaringFile(spec.DeclaredAt);
        var baseDirectory = declaringFile is not null ? Path.GetDirectoryName(Path.GetFullPath(declaringFile))! : rootDirectory ?? Directory.GetCurrentDirectory();
        return Path.GetFullPath(Path.Combine(baseDirectory, spec.Path!));
    }

    /// <summary>The file part of a <c>file:line[:column]</c> location, when that file exists.</summary>
    private static string? DeclaringFile(string declaredAt)
    {
        var candidate = declaredAt;
        for (var i = 0; i < 3 && candidate.Length > 0; i++)
        {
            if (File.Exists(candidate)) return candidate;
            var colon = candidate.LastIndexOf(':');
            if (colon <= 0) break;
            candidate = candidate[..colon];
        }
        return null;
    }
}
