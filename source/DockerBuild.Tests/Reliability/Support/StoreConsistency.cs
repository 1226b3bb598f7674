using System.Text.Json;
using DockerBuild.Tools.Cipd;

namespace DockerBuild.Tests.Reliability.Support;

/// <summary>
/// Validates a state directory and its local CIPD store from the outside, reading files only: every instance file's
/// ID matches its bytes, every index entry, tag and ref leads to an instance that is there, no writer's temporary
/// file or scratch folder (Sources' packing, BuildWheel's and Upload's temp folders) is left, and the state
/// directory's run lock is free. Returns the problems found (empty: consistent).
/// </summary>
internal static class StoreConsistency
{
    /// <summary>What a run leaves when it ends; after a kill only the store's invariants are required.</summary>
    public enum Expectation
    {
        /// <summary>
        /// Store invariants hold; a killed writer's temporary files, and a complete instance file no index names yet
        /// (registration killed between the two), may remain: a later run sweeps them.
        /// </summary>
        AfterInterruption,
        /// <summary>Store invariants hold and no temporary file or scratch directory is left anywhere.</summary>
        AfterCompletedRun,
    }

    public static async Task<IReadOnlyList<string>> CheckAsync(string stateDirectory, Expectation expectation)
    {
        var problems = new List<string>();
        var store = Path.Combine(stateDirectory, "cipd");
        if (Directory.Exists(store)) await CheckStoreAsync(store, expectation, problems);
        if (expectation == Expectation.AfterCompletedRun) CheckNoTemporaries(stateDirectory, problems);
        CheckLockFree(stateDirectory, problems);
        return problems;
    }

    /// <summary>A readable listing of the store (instances with size and hash, index files' text) to compare before/after.</summary>
    public static IReadOnlyList<string> Snapshot(string stateDirectory)
    {
        var store = Path.Combine(stateDirectory, "cipd");
        if (!Directory.Exists(store)) return [];
        return Directory.EnumerateFiles(store, "*", SearchOption.AllDirectories)
            .Where(f => Path.GetFileName(f) is not (".lock" or ".lock.owner"))
            .Select(f => $"{Path.GetRelativePath(store, f)} {new FileInfo(f).Length} {Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f)))}")
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    private static async Task CheckStoreAsync(string store, Expectation expectation, List<string> problems)
    {
        var packages = Path.Combine(store, "packages");
        if (!Directory.Exists(packages)) return;
        foreach (var plus in Directory.EnumerateDirectories(packages, "+", SearchOption.AllDirectories))
        {
            var package = Path.GetRelativePath(packages, Path.GetDirectoryName(plus)!).Replace(Path.DirectorySeparatorChar, '/');
            var instancesDirectory = Path.Combine(plus, "instances");
            var files = Directory.Exists(instancesDirectory)
                ? Directory.EnumerateFiles(instancesDirectory, "*.cipd").ToDictionary(f => Path.GetFileNameWithoutExtension(f), f => f)
                : [];
            // Every complete instance file, listed or not, must hash to its name: a name promises the bytes.
            foreach (var (id, file) in files)
            {
                var actual = await CipdInstanceId.ComputeFileAsync(file, CipdInstanceId.Parse(id).Algorithm);
                if (actual.Value != id) problems.Add($"{package}: instance file {file} holds bytes with ID {actual.Value}, not {id} (partial or corrupt instance)");
            }
            var indexFile = Path.Combine(plus, "index.json");
            if (!File.Exists(indexFile))
            {
                if (files.Count > 0 && expectation == Expectation.AfterCompletedRun) problems.Add($"{package}: {files.Count} instance file(s) but no index.json");
                continue;
            }
            JsonDocument index;
            try { index = JsonDocument.Parse(await File.ReadAllBytesAsync(indexFile)); }
            catch (JsonException e)
            {
                problems.Add($"{package}: {indexFile} is not valid JSON ({e.Message})");
                continue;
            }
            using (index)
            {
                var root = index.RootElement;
                if (root.GetProperty("package").GetString() != package)
                    problems.Add($"{indexFile} names package {root.GetProperty("package").GetString()}, but lives at {package}");
                var listed = new HashSet<string>();
                foreach (var instance in root.GetProperty("instances").EnumerateArray())
                {
                    var id = instance.GetProperty("instance_id").GetString()!;
                    listed.Add(id);
                    if (!files.TryGetValue(id, out var file))
                        problems.Add($"{package}: index lists instance {id} (tags: {string.Join(", ", instance.GetProperty("tags").EnumerateArray().Select(t => t.GetProperty("tag").GetString()))}) but its file is missing");
                    else if (new FileInfo(file).Length != instance.GetProperty("size").GetInt64())
                        problems.Add($"{package}: instance {id} is {new FileInfo(file).Length} bytes, the index says {instance.GetProperty("size").GetInt64()}");
                }
                if (expectation == Expectation.AfterCompletedRun)
                    foreach (var unlisted in files.Keys.Where(id => !listed.Contains(id)))
                        problems.Add($"{package}: instance file {unlisted} is named by no index entry");
                foreach (var reference in root.GetProperty("refs").EnumerateObject())
                {
                    var target = reference.Value.GetProperty("instance_id").GetString()!;
                    if (!listed.Contains(target) || !files.ContainsKey(target))
                        problems.Add($"{package}: ref {reference.Name} points at {target}, which is not in the store");
                }
            }
        }
    }

    /// <summary>The temporary names the product's writers use: <c>.tmp-*</c> (store), <c>.*.tmp</c> and <c>.*.partial</c>.</summary>
    public static bool IsTemporaryName(string fileName) =>
        fileName.StartsWith(".tmp-", StringComparison.Ordinal)
        || (fileName.StartsWith('.') && (fileName.EndsWith(".tmp", StringComparison.Ordinal) || fileName.EndsWith(".partial", StringComparison.Ordinal)));

    private static void CheckNoTemporaries(string stateDirectory, List<string> problems)
    {
        if (!Directory.Exists(stateDirectory)) return;
        foreach (var file in Directory.EnumerateFiles(stateDirectory, "*", SearchOption.AllDirectories).Where(f => IsTemporaryName(Path.GetFileName(f))))
            problems.Add($"temporary file left: {Path.GetRelativePath(stateDirectory, file)}");
        var scratch = new[] { Path.Combine("sources", ".scratch"), Path.Combine("temp", "upload") }
            .Select(d => Path.Combine(stateDirectory, d)).Where(Directory.Exists)
            .SelectMany(d => Directory.EnumerateFileSystemEntries(d))
            .Concat(Directory.Exists(Path.Combine(stateDirectory, "temp"))
                ? Directory.EnumerateDirectories(Path.Combine(stateDirectory, "temp"), "buildwheel-*") : []);
        foreach (var entry in scratch)
            problems.Add($"scratch directory left: {Path.GetRelativePath(stateDirectory, entry)}");
    }

    private static void CheckLockFree(string stateDirectory, List<string> problems)
    {
        var lockFile = Path.Combine(stateDirectory, ".lock");
        if (!File.Exists(lockFile)) return;
        try
        {
            using var handle = new FileStream(lockFile, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e)
        {
            problems.Add($"the state lock {lockFile} is still held ({e.Message})");
        }
    }
}
