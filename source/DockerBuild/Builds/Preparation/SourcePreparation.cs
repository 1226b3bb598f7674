using System.Formats.Tar;
using System.IO.Compression;
using DockerBuild.Sources;
using DockerBuild.Sources.Packing;
using DockerBuild.Tools.Cipd;
using DockerBuild.Tools.IO;
using DockerBuild.Wheels;

namespace DockerBuild.Builds.Preparation;

/// <summary>An unpacked, patched source tree on the host, and the timestamp its build is stamped with.</summary>
public sealed record PreparedSource(string Directory, long SourceDateEpoch);

/// <summary>
/// Gets a pair's source onto the host: the interned CIPD package when the store has it, else the verified file in
/// the Sources cache; unpacks it (refusing hostile entries), finds the project directory and applies the patches.
/// SOURCE_DATE_EPOCH is the newest entry time in the source archive, so it follows the source, not the clock.
/// </summary>
public static class SourcePreparation
{
    public static async Task<PreparedSource> PrepareAsync(WheelSpec spec, SourceReportEntry source, ICipdRepository store, string scratch,
        PairLog log, CancellationToken cancellationToken)
    {
        var archive = await LocateArchiveAsync(spec, source, store, Path.Combine(scratch, "package"), log, cancellationToken);
        var unpacked = Path.Combine(scratch, "unpacked");
        // At least the archive's size again (more once decompressed).
        await DiskFullException.GuardAsync(unpacked, new FileInfo(archive).Length, () => SourceArchive.ExtractAsync(archive, unpacked, cancellationToken));
        var project = ProjectDirectory(unpacked)
            ?? throw new InvalidOperationException($"{spec.Id}: its source {Path.GetFileName(archive)} has no setup.py or pyproject.toml at its root "
                + "or in its single top-level directory; a wheel is built from a Python project directory.");
        await PatchApplication.ApplyAsync(spec, project, log, cancellationToken);
        var epoch = await NewestEntryTimeAsync(archive, cancellationToken);
        log.Write($"source {Path.GetFileName(archive)} unpacked; SOURCE_DATE_EPOCH={epoch}");
        return new PreparedSource(project, epoch);
    }

    private static async Task<string> LocateArchiveAsync(WheelSpec spec, SourceReportEntry source, ICipdRepository store, string deployDirectory,
        PairLog log, CancellationToken cancellationToken)
    {
        if (source.CacheFile is { } cached && File.Exists(cached))
        {
            log.Write($"source from the Sources cache: {cached} (instance {source.InstanceId}{(source.State == SourceInternState.NotInterned ? ", not interned" : "")})");
            return cached;
        }
        log.Write($"source from the store: {source.Pin}");
        await store.DeployAsync(source.Pin, deployDirectory, cancellationToken);
        var files = Directory.GetFiles(deployDirectory, "*", SearchOption.AllDirectories)
            .Where(f => !Path.GetRelativePath(deployDirectory, f).StartsWith('.')).ToList();
        return files.Count == 1 ? files[0]
            : throw new InvalidOperationException($"{spec.Id}: source package {source.Pin} holds {files.Count} files; a source package holds exactly its archive.");
    }

    private static string? ProjectDirectory(string root)
    {
        static bool IsProject(string d) => File.Exists(Path.Combine(d, "setup.py")) || File.Exists(Path.Combine(d, "pyproject.toml"));
        if (IsProject(root)) return root;
        var children = Directory.GetDirectories(root);
        return children.Length == 1 && Directory.GetFiles(root).Length == 0 && IsProject(children[0]) ? children[0] : null;
    }

    private static async Task<long> NewestEntryTimeAsync(string archive, CancellationToken cancellationToken)
    {
        var newest = DateTimeOffset.UnixEpoch;
        var name = archive.ToLowerInvariant();
        if (name.EndsWith(".zip"))
        {
            using var zip = ZipFile.OpenRead(archive);
            foreach (var entry in zip.Entries) if (entry.LastWriteTime > newest) newest = entry.LastWriteTime;
        }
        else
        {
            await using var file = File.OpenRead(archive);
            await using Stream stream = name.EndsWith(".tar") ? file : new GZipStream(file, CompressionMode.Decompress);
            await using var reader = new TarReader(stream);
            while (await reader.GetNextEntryAsync(copyData: false, cancellationToken) is { } entry)
                if (entry.ModificationTime > newest) newest = entry.ModificationTime;
        }
        // Zip timestamps start in 1980; anything earlier is clamped there by the wheel writer anyway.
        return newest.ToUnixTimeSeconds();
    }
}
