using System.Text;
using DockerBuild.Sources.Downloads;

namespace DockerBuild.Sources.Acquisition;

/// <summary>The download cache layout: <c>&lt;cache&gt;/&lt;name&gt;/&lt;version&gt;/&lt;file&gt;</c>, plus a scratch area for work trees.</summary>
public sealed class SourceCache(string cacheDirectory)
{
    public string Root { get; } = Path.GetFullPath(cacheDirectory);

    /// <summary>Where the file of a source lives in the cache.</summary>
    public string PathFor(SourceSpec spec, string fileName) => Path.Combine(Root, spec.Name, spec.Version, SafeFileName(fileName));

    /// <summary>A fresh scratch directory for clones and staging, removed by the caller.</summary>
    public string NewScratchDirectory(string purpose)
    {
        var path = Path.Combine(Root, ".scratch", $"{purpose}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>True when <paramref name="file"/> exists with the pinned hash; a cached file with another hash is deleted.</summary>
    public static async Task<bool> HoldsVerifiedAsync(string file, string sha256, CancellationToken cancellationToken)
    {
        if (!File.Exists(file)) return false;
        if ((await VerifiedDownloader.ComputeSha256Async(file, cancellationToken)).Equals(sha256, StringComparison.OrdinalIgnoreCase)) return true;
        File.Delete(file);
        return false;
    }

    /// <summary>A file name with anything but letters, digits and <c>._+-</c> replaced, never empty or dot-only.</summary>
    public static string SafeFileName(string name)
    {
        var builder = new StringBuilder(name.Length);
        foreach (var c in name) builder.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '+' or '-' ? c : '_');
        var safe = builder.ToString().TrimStart('.');
        return safe.Length == 0 ? "source" : safe;
    }

    /// <summary>Deletes a scratch directory, tolerating read-only files git leaves behind.</summary>
    public static void DeleteTree(string directory)
    {
        if (!Directory.Exists(directory)) return;
        foreach (var file in Directory.EnumerateFiles(directory, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }))
            File.SetAttributes(file, FileAttributes.Normal);
        Directory.Delete(directory, recursive: true);
    }
}
