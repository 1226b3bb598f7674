using System.IO.Compression;
using System.Net;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using DockerBuild.Packaging;
using DockerBuild.Sources;
using DockerBuild.Tools.Cipd;
using DockerBuild.Tools.Cipd.Local;
using DockerBuild.Tools.IO;
using DockerBuild.Wheels.Archive;

namespace DockerBuild.Uploads;

/// <summary>
/// Writes a PEP 503 simple index of every wheel in the store's <c>infra/python/wheels/</c> packages, so
/// <c>pip install --index-url file://&lt;root&gt;/simple</c> (or the same tree served over HTTP) installs them.
/// Layout under the index root: <c>files/&lt;sha256&gt;/&lt;wheel&gt;</c> (content-addressed, never rewritten),
/// <c>simple</c> → a symlink to the current page generation (<c>index.html</c> and <c>&lt;project&gt;/index.html</c>),
/// swapped in one rename so a reader sees the old index or the new one, never a mix; <c>instances.json</c> remembers
/// which wheel each instance holds (instance IDs are content hashes), so unchanged instances are not fetched again.
/// </summary>
public static class SimpleIndexWriter
{
    private const string GenerationPrefix = ".simple-";
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    /// <summary>One wheel file in the index.</summary>
    public sealed record IndexedWheel(string Project, string FileName, string Sha256, string? RequiresPython, string Package, string InstanceId);

    /// <summary>Regenerates the index under <paramref name="indexRoot"/>; returns the wheels it lists.</summary>
    public static async Task<IReadOnlyList<IndexedWheel>> WriteAsync(ICipdRepository store, string indexRoot, CancellationToken cancellationToken = default)
    {
        var root = Path.GetFullPath(indexRoot);
        Directory.CreateDirectory(root);
        // One writer at a time: a second one would prune the generation the first is still writing.
        using var writerLock = await LockAsync(Path.Combine(root, ".lock"), cancellationToken);
        var cacheFile = Path.Combine(root, "instances.json");
        var cache = await LoadCacheAsync(cacheFile, cancellationToken);

        var wheels = new List<IndexedWheel>();
        var packages = (await store.ListPackagesAsync(WheelPackageNames.Prefix, cancellationToken))
            .Where(p => p.StartsWith(WheelPackageNames.Prefix + "/", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);
        foreach (var package in packages)
        {
            foreach (var pin in await store.ListInstancesAsync(package, cancellationToken))
            {
                if (!cache.TryGetValue(pin.InstanceId, out var wheel) || !File.Exists(FilePath(root, wheel)))
                    cache[pin.InstanceId] = wheel = await ExtractAsync(store, pin, root, cancellationToken);
                wheels.Add(wheel with { Package = pin.Package, InstanceId = pin.InstanceId });
            }
        }

        var listed = Deduplicate(wheels);
        await PublishPagesAsync(root, listed, cancellationToken);
        await AtomicFile.WriteAllBytesAsync(cacheFile, JsonSerializer.SerializeToUtf8Bytes(
            cache.OrderBy(c => c.Key, StringComparer.Ordinal).ToDictionary(), Json), cancellationToken);
        return listed;
    }

    /// <summary>PEP 503 name normalisation: lower case, runs of '-', '_' and '.' become one '-'.</summary>
    public static string NormalizeProject(string name) => SourceSpecReader.StoreName(name);

    private static string FilePath(string root, IndexedWheel wheel) => Path.Combine(root, "files", wheel.Sha256, wheel.FileName);

    private static List<IndexedWheel> Deduplicate(List<IndexedWheel> wheels)
    {
        var byName = new Dictionary<string, IndexedWheel>(StringComparer.Ordinal);
        foreach (var wheel in wheels)
        {
            if (byName.TryGetValue(wheel.FileName, out var other))
            {
                if (other.Sha256 != wheel.Sha256)
                    throw new UploadException($"two different wheels are named {wheel.FileName}: instance {other.InstanceId} of {other.Package} "
                        + $"(sha256 {other.Sha256}) and instance {wheel.InstanceId} of {wheel.Package} (sha256 {wheel.Sha256}); "
                        + "an index can list only one file per name");
                continue;
            }
            byName[wheel.FileName] = wheel;
        }
        return byName.Values.OrderBy(w => w.Project, StringComparer.Ordinal).ThenBy(w => w.FileName, StringComparer.Ordinal).ToList();
    }

    /// <summary>Fetches the instance, copies its .whl into files/&lt;sha256&gt;/ and reads its Requires-Python.</summary>
    private static async Task<IndexedWheel> ExtractAsync(ICipdRepository store, CipdPin pin, string root, CancellationToken cancellationToken)
    {
        var staging = Path.Combine(root, $"{AtomicFile.TemporaryPrefix}fetch-{Guid.NewGuid():N}");
        try
        {
            await store.FetchAsync(pin, staging, cancellationToken);
            using var package = ZipFile.OpenRead(staging);
            var entries = package.Entries.Where(e => !e.FullName.Contains('/') && e.FullName.EndsWith(".whl", StringComparison.Ordinal)).ToList();
            if (entries.Count != 1)
                throw new UploadException($"instance {pin.InstanceId} of {pin.Package} holds {entries.Count} .whl files at its root; a wheel package holds exactly one");
            var entry = entries[0];
            var project = NormalizeProject(WheelFileName.Parse(entry.FullName).Distribution);

            var directory = Path.Combine(root, "files");
            Directory.CreateDirectory(directory);
            var temporary = Path.Combine(directory, $"{AtomicFile.TemporaryPrefix}{Guid.NewGuid():N}");
            try
            {
                var sha = await CopyHashedAsync(entry, temporary, directory, cancellationToken);
                var destination = Path.Combine(directory, sha, entry.FullName);
                Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
                File.Move(temporary, destination, overwrite: true);
                return new IndexedWheel(project, entry.FullName, sha, RequiresPython(destination), pin.Package, pin.InstanceId);
            }
            finally
            {
                File.Delete(temporary);
            }
        }
        finally
        {
            File.Delete(staging);
        }
    }

    /// <summary>Copies a wheel out of its package into <paramref name="temporary"/>, hashing it on the way; a full disk says so in one line.</summary>
    private static async Task<string> CopyHashedAsync(ZipArchiveEntry entry, string temporary, string directory, CancellationToken cancellationToken)
    {
        string sha = "";
        await DiskFullException.GuardAsync(directory, entry.Length, async () =>
        {
            await using var input = entry.Open();
            await using var output = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write);
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var buffer = new byte[1 << 16];
            int read;
            while ((read = await input.ReadAsync(buffer, cancellationToken)) > 0)
            {
                hash.AppendData(buffer, 0, read);
                await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }
            output.Flush(flushToDisk: true);
            sha = Convert.ToHexStringLower(hash.GetHashAndReset());
        });
        return sha;
    }

    /// <summary>The <c>Requires-Python</c> header of the wheel's METADATA, or null.</summary>
    private static string? RequiresPython(string wheelFile)
    {
        using var wheel = ZipFile.OpenRead(wheelFile);
        var metadata = wheel.Entries.FirstOrDefault(e => e.FullName.EndsWith(".dist-info/METADATA", StringComparison.Ordinal)
            && e.FullName.Count(c => c == '/') == 1);
        if (metadata is null) return null;
        using var reader = new StreamReader(metadata.Open(), Encoding.UTF8);
        for (var line = reader.ReadLine(); !string.IsNullOrEmpty(line); line = reader.ReadLine())
        {
            if (line.StartsWith("Requires-Python:", StringComparison.OrdinalIgnoreCase))
                return line["Requires-Python:".Length..].Trim();
        }
        return null;
    }

    private static async Task PublishPagesAsync(string root, IReadOnlyList<IndexedWheel> wheels, CancellationToken cancellationToken)
    {
        var generationName = GenerationPrefix + Guid.NewGuid().ToString("N");
        var generation = Path.Combine(root, generationName);
        Directory.CreateDirectory(generation);
        try
        {
            await WritePagesAsync(generation, wheels, cancellationToken);
        }
        catch
        {
            // A generation that could not be finished (a full disk) is never served; it goes now rather than at the next write.
            Directory.Delete(generation, recursive: true);
            throw;
        }

        // The swap: a new symlink renamed over "simple" replaces the whole page set in one step.
        var link = Path.Combine(root, "simple");
        var previous = new FileInfo(link).LinkTarget;
        if (previous is null && Directory.Exists(link))
            Directory.Move(link, Path.Combine(root, GenerationPrefix + "replaced-" + Guid.NewGuid().ToString("N")));
        var staged = Path.Combine(root, $"{AtomicFile.TemporaryPrefix}simple-{Guid.NewGuid():N}");
        File.CreateSymbolicLink(staged, generationName);
        // File.Move refuses a link to a directory; rename(2) replaces the old link atomically.
        if (rename(staged, link) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            File.Delete(staged);
            throw new IOException($"cannot move the new index generation into place at '{link}' (errno {errno})");
        }

        // Keep the generation just replaced (a reader may still be inside it); remove older ones.
        foreach (var old in Directory.EnumerateDirectories(root, GenerationPrefix + "*"))
        {
            var name = Path.GetFileName(old);
            if (name != generationName && name != Path.GetFileName(previous?.TrimEnd('/') ?? ""))
                Directory.Delete(old, recursive: true);
        }
    }

    /// <summary>The top page and one page per project, into a generation folder that is not served yet.</summary>
    private static async Task WritePagesAsync(string generation, IReadOnlyList<IndexedWheel> wheels, CancellationToken cancellationToken)
    {
        var projects = wheels.GroupBy(w => w.Project).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        await WriteDurableAsync(Path.Combine(generation, "index.html"),
            Page("Simple index", projects.Select(p => $"<a href=\"{Attr(p.Key)}/\">{Html(p.Key)}</a>")), cancellationToken);
        foreach (var project in projects)
        {
            var links = project.Select(w =>
                $"<a href=\"../../files/{w.Sha256}/{Attr(Uri.EscapeDataString(w.FileName))}#sha256={w.Sha256}\""
                + (w.RequiresPython is { Length: > 0 } rp ? $" data-requires-python=\"{Attr(rp)}\"" : "")
                + $">{Html(w.FileName)}</a>");
            await WriteDurableAsync(Path.Combine(generation, project.Key, "index.html"), Page($"Links for {project.Key}", links), cancellationToken);
        }
    }

    private static async Task<FileStream> LockAsync(string lockFile, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(10);
        while (true)
        {
            try
            {
                return new FileStream(lockFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
            }
            catch (IOException e)
            {
                throw new UploadException($"timed out after 10 minutes waiting for '{lockFile}': another process keeps writing the index ({e.Message})");
            }
        }
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int rename(string oldPath, string newPath);

    private static string Page(string title, IEnumerable<string> links)
    {
        var text = new StringBuilder();
        text.Append("<!DOCTYPE html>\n<html>\n  <head>\n    <meta name=\"pypi:repository-version\" content=\"1.0\">\n");
        text.Append($"    <title>{Html(title)}</title>\n  </head>\n  <body>\n    <h1>{Html(title)}</h1>\n");
        foreach (var link in links) text.Append("    ").Append(link).Append("<br/>\n");
        text.Append("  </body>\n</html>\n");
        return text.ToString();
    }

    private static Task WriteDurableAsync(string path, string content, CancellationToken cancellationToken) =>
        AtomicFile.WriteAllBytesAsync(path, Encoding.UTF8.GetBytes(content), cancellationToken);

    private static string Html(string text) => WebUtility.HtmlEncode(text);
    private static string Attr(string text) => WebUtility.HtmlEncode(text);

    private static async Task<Dictionary<string, IndexedWheel>> LoadCacheAsync(string cacheFile, CancellationToken cancellationToken)
    {
        if (!File.Exists(cacheFile)) return new(StringComparer.Ordinal);
        try
        {
            return JsonSerializer.Deserialize<Dictionary<string, IndexedWheel>>(await File.ReadAllTextAsync(cacheFile, cancellationToken))
                ?? new(StringComparer.Ordinal);
        }
        catch (JsonException)
        {
            // A damaged cache only costs fetching every instance again.
            return new(StringComparer.Ordinal);
        }
    }
}
