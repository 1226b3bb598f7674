using DockerBuild.Builds;
using DockerBuild.Builds.Outputs;
using DockerBuild.Sources;
using DockerBuild.Sources.Acquisition;

namespace DockerBuild.StoreCare;

/// <summary>
/// The state directory's files this checkout no longer plans: sysroot copies (<c>sysroots/&lt;platform&gt;/&lt;image
/// key&gt;</c>) of keys no platform uses, every folder under <c>temp/</c> (Prune holds the state directory, so no run owns
/// one), outputs of wheels no spec declares, and Sources-cache entries of sources no spec declares. The CIPD store and
/// the quarantine are never touched: instances are what refs point at, and the quarantine is evidence.
/// </summary>
public sealed class StaleStateFiles(string stateDirectory, PlannedContent planned, IReadOnlySet<string>? platforms)
{
    public IReadOnlyList<PruneCandidate> Find()
    {
        var found = new List<PruneCandidate>();
        found.AddRange(Sysroots());
        found.AddRange(TempFolders());
        found.AddRange(Outputs());
        found.AddRange(CachedSources());
        return found;
    }

    private IEnumerable<PruneCandidate> Sysroots()
    {
        foreach (var (platform, platformDirectory) in PlatformDirectories("sysroots"))
        {
            foreach (var copy in Directory.EnumerateDirectories(platformDirectory).Order(StringComparer.Ordinal))
            {
                if (planned.UsesImage(platform, Path.GetFileName(copy))) continue;
                yield return Folder("sysroot copy", $"{platform} {Path.GetFileName(copy)[..Math.Min(12, Path.GetFileName(copy).Length)]}", copy,
                    "no planned image of the platform has this key");
            }
        }
    }

    private IEnumerable<PruneCandidate> TempFolders()
    {
        var temp = Path.Combine(stateDirectory, "temp");
        if (!Directory.Exists(temp) || platforms is not null) yield break;
        var mounts = MountPoints();
        foreach (var entry in Directory.EnumerateFileSystemEntries(temp).Order(StringComparer.Ordinal))
        {
            // A killed mmdebstrap can leave /proc or /dev mounted inside its folder: removing through a mount would reach the host's files.
            if (mounts.Any(m => m == entry || m.StartsWith(entry + "/", StringComparison.Ordinal))) continue;
            yield return Folder("temp folder", Path.GetFileName(entry), entry, "scratch of an earlier run; no run holds the state directory now");
        }
    }

    private IEnumerable<PruneCandidate> Outputs()
    {
        foreach (var (platform, platformDirectory) in PlatformDirectories("wheels"))
        {
            foreach (var wheel in Directory.EnumerateFiles(platformDirectory, "*.whl").Order(StringComparer.Ordinal))
            {
                BuiltWheel record;
                try { record = BuiltWheelSidecar.ReadRecordAsync(wheel).GetAwaiter().GetResult(); }
                catch (BuiltWheelException) { continue; } // Store --verify's business, not Prune's
                var declared = planned.Wheels.Contains((SourceSpecReader.StoreName(record.Name), record.Version));
                if (declared && planned.PlatformNames.Contains(platform)) continue;
                var sidecar = BuiltWheelSidecar.PathFor(wheel);
                yield return new PruneCandidate("output", Path.GetFileName(wheel), platformDirectory,
                    new FileInfo(wheel).Length + (File.Exists(sidecar) ? new FileInfo(sidecar).Length : 0),
                    declared ? $"platform {platform} is no longer in platforms/" : $"no wheel spec declares {record.Name} {record.Version} any more",
                    _ =>
                    {
                        File.Delete(sidecar);
                        File.Delete(wheel);
                        return Task.CompletedTask;
                    });
            }
        }
    }

    private IEnumerable<PruneCandidate> CachedSources()
    {
        var sources = Path.Combine(stateDirectory, "sources");
        if (!Directory.Exists(sources) || platforms is not null) yield break;
        foreach (var name in Directory.EnumerateDirectories(sources).Where(d => !Path.GetFileName(d).StartsWith('.')).Order(StringComparer.Ordinal))
        foreach (var version in Directory.EnumerateDirectories(name).Order(StringComparer.Ordinal))
        {
            if (planned.Sources.Contains((Path.GetFileName(name), Path.GetFileName(version)))) continue;
            yield return Folder("cached source", $"{Path.GetFileName(name)} {Path.GetFileName(version)}", version, "no wheel spec declares this source version any more");
        }
    }

    /// <summary>The <c>&lt;folder&gt;/&lt;platform&gt;/</c> directories of the state directory, narrowed to --platform.</summary>
    private IEnumerable<(string Platform, string Directory)> PlatformDirectories(string folder)
    {
        var root = Path.Combine(stateDirectory, folder);
        if (!Directory.Exists(root)) return [];
        return Directory.EnumerateDirectories(root).Order(StringComparer.Ordinal)
            .Select(d => (Path.GetFileName(d), d))
            .Where(p => platforms is null || platforms.Contains(p.Item1));
    }

    private static PruneCandidate Folder(string kind, string what, string path, string reason) =>
        new(kind, what, path, SizeOf(path), reason, _ =>
        {
            if (Directory.Exists(path)) SourceCache.DeleteTree(path);
            else File.Delete(path);
            return Task.CompletedTask;
        });

    private static long SizeOf(string path) => File.Exists(path) ? new FileInfo(path).Length
        : Directory.EnumerateFiles(path, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0, IgnoreInaccessible = true })
            .Sum(f => new FileInfo(f).Length);

    private static IReadOnlyList<string> MountPoints() => File.Exists("/proc/self/mounts")
        ? File.ReadAllLines("/proc/self/mounts").Select(l => l.Split(' ')).Where(f => f.Length > 1).Select(f => f[1].Replace("\\040", " ")).ToList()
        : [];
}
