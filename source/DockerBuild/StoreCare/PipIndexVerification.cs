using System.Text.Json;
using System.Text.RegularExpressions;
using DockerBuild.Builds;
using DockerBuild.Builds.Outputs;
using DockerBuild.Packaging;
using DockerBuild.Tools.Cipd;
using DockerBuild.Tools.IO;
using DockerBuild.Uploads;

namespace DockerBuild.StoreCare;

/// <summary>
/// The PEP 503 index part of <c>Store --verify</c> (<c>&lt;state-dir&gt;/index/</c>): the <c>simple</c> link, every page's
/// links, every <c>files/&lt;sha256&gt;/&lt;wheel&gt;</c> against the hash it is filed under, and the instance cache. The
/// index is derived from the store, so any damage (or a store the check changed) is repaired by moving the damaged
/// files aside and writing the index again from the store.
/// </summary>
public sealed partial class PipIndexVerification(string indexDirectory, ICipdRepository store, Quarantine quarantine, StoreVerificationReport report)
{
    private const string Area = "pip index";

    public async Task RunAsync(bool storeChanged, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(indexDirectory)) return;
        var damaged = BrokenPages().ToList();
        var files = Path.Combine(indexDirectory, "files");
        if (Directory.Exists(files))
            foreach (var file in Directory.EnumerateFiles(files, "*", SearchOption.AllDirectories).Where(f => !Path.GetFileName(f).StartsWith(AtomicFile.TemporaryPrefix, StringComparison.Ordinal)))
            {
                var filedUnder = Path.GetFileName(Path.GetDirectoryName(file)!);
                var actual = await BuiltWheelSidecar.HashFileAsync(file, cancellationToken);
                if (actual == filedUnder) { report.Fine(Area); continue; }
                damaged.Add((Path.GetFileName(file), file, $"its sha256 is {actual}, not the {filedUnder} it is filed under; moved to {quarantine.MoveAside(file)}"));
            }
        var cache = Path.Combine(indexDirectory, "instances.json");
        if (File.Exists(cache) && !IsJson(await File.ReadAllTextAsync(cache, cancellationToken)))
            damaged.Add(("instances.json", cache, $"it is not valid JSON; moved to {quarantine.MoveAside(cache)}"));

        if (damaged.Count == 0 && !storeChanged) return;
        try
        {
            await SimpleIndexWriter.WriteAsync(store, indexDirectory, cancellationToken);
        }
        catch (Exception e) when (e is UploadException or PackagingException or CipdStoreException or IOException)
        {
            foreach (var (what, where, problem) in damaged) report.Lost(Area, what, where, $"{problem}; writing the index again failed: {e.Message}");
            return;
        }
        foreach (var (what, where, problem) in damaged) report.Repaired(Area, what, where, $"{problem}; the index was written again from the store");
        if (damaged.Count == 0) report.Repaired(Area, "the pages", Path.Combine(indexDirectory, "simple"), "written again to match the repaired store");
    }

    /// <summary>The <c>simple</c> link must lead to a page set whose every link names a file that is there.</summary>
    private IEnumerable<(string, string, string)> BrokenPages()
    {
        var simple = Path.Combine(indexDirectory, "simple");
        // A first write that never finished (the disk filled) published no pages and no instance cache: nothing was
        // served, so nothing is missing; the next Upload writes the index.
        if (!Path.Exists(simple) && !File.Exists(Path.Combine(indexDirectory, "instances.json"))) yield break;
        if (!File.Exists(Path.Combine(simple, "index.html")))
        {
            yield return ("simple/index.html", simple, "the index's root page is missing");
            yield break;
        }
        foreach (var page in Directory.EnumerateFiles(simple, "index.html", SearchOption.AllDirectories))
        {
            var directory = Path.GetDirectoryName(page)!;
            foreach (Match link in FileLink().Matches(File.ReadAllText(page)))
            {
                var target = Path.GetFullPath(Path.Combine(directory, Uri.UnescapeDataString(link.Groups[1].Value)));
                if (!File.Exists(target)) yield return (Path.GetFileName(target), page, $"it links {link.Groups[1].Value}, which is missing");
            }
        }
    }

    private static bool IsJson(string text)
    {
        try { using var _ = JsonDocument.Parse(text); return true; }
        catch (JsonException) { return false; }
    }

    [GeneratedRegex("href=\"(\\.\\./\\.\\./files/[^\"#]+)")]
    private static partial Regex FileLink();
}
