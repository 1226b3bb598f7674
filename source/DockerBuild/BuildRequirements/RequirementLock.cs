using System.Globalization;
using System.Text;
using DockerBuild.Tools.IO;
using Tomlyn;
using Tomlyn.Model;

namespace DockerBuild.BuildRequirements;

/// <summary>One wheel file of a locked build requirement: which file, how big, and the sha256 it must have.</summary>
public sealed record LockedWheel(string Name, string Version, string FileName, long Size, string Sha256);

/// <summary>
/// <c>wheels/pylock.build.toml</c>: the build requirements' wheel files with their sha256, in PEP 751's layout
/// (<c>[[packages]]</c> with <c>[[packages.wheels]]</c>), kept in the repository so a review shows every change. Every
/// requirement wheel is checked against it before it is used or interned; a wheel that is not in it yet is added
/// (as pip-tools writes hashes), and the file is rewritten sorted, so the diff is only what changed.
/// </summary>
public sealed class RequirementLock
{
    public const string FileName = "pylock.build.toml";
    private readonly List<LockedWheel> _wheels;

    private RequirementLock(string path, List<LockedWheel> wheels)
    {
        Path = path;
        _wheels = wheels;
    }

    public string Path { get; }

    /// <summary>Entries added by this run, not yet written.</summary>
    public IReadOnlyList<LockedWheel> Added => _added;
    private readonly List<LockedWheel> _added = [];

    public IReadOnlyList<LockedWheel> Wheels => _wheels;

    /// <summary>Reads the lock in <paramref name="wheelsDirectory"/>; a missing file is an empty lock.</summary>
    public static RequirementLock Load(string wheelsDirectory)
    {
        var path = System.IO.Path.Combine(wheelsDirectory, FileName);
        if (!File.Exists(path)) return new RequirementLock(path, []);
        TomlTable model;
        try
        {
            model = TomlSerializer.Deserialize<TomlTable>(File.ReadAllText(path))!;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new BuildRequirementException($"{path} is not valid TOML ({e.Message.Split('\n')[0]}); restore it from version control, "
                + "or delete it to lock every build requirement again from the index.");
        }
        var wheels = new List<LockedWheel>();
        foreach (var package in model.TryGetValue("packages", out var packages) && packages is TomlTableArray list ? list : [])
        {
            var name = Text(package, "name", path);
            var version = Text(package, "version", path);
            foreach (var wheel in package.TryGetValue("wheels", out var files) && files is TomlTableArray fileList ? fileList : [])
            {
                var hashes = wheel.TryGetValue("hashes", out var h) && h is TomlTable table ? table : throw Invalid(path, $"{name} {version}: a wheel has no hashes");
                wheels.Add(new LockedWheel(name, version, Text(wheel, "name", path),
                    wheel.TryGetValue("size", out var size) ? Convert.ToInt64(size, CultureInfo.InvariantCulture) : -1, Text(hashes, "sha256", path)));
            }
        }
        return new RequirementLock(path, wheels);
    }

    /// <summary>The locked file of that name, if any.</summary>
    public LockedWheel? Find(string fileName) => _wheels.FirstOrDefault(w => w.FileName == fileName);

    /// <summary>The locked files of a requirement (several: one per Python version or platform it is needed for).</summary>
    public IEnumerable<LockedWheel> For(string name, string version) =>
        _wheels.Where(w => DockerBuild.Wheels.BuildRequirement.Normalise(w.Name) == DockerBuild.Wheels.BuildRequirement.Normalise(name) && w.Version == version);

    /// <summary>Adds a wheel that was not locked yet.</summary>
    public void Add(LockedWheel wheel)
    {
        lock (_wheels)
        {
            if (Find(wheel.FileName) is not null) return;
            _wheels.Add(wheel);
            _added.Add(wheel);
        }
    }

    /// <summary>Writes the file (sorted, atomically) when this run added entries.</summary>
    public async Task SaveAsync(CancellationToken cancellationToken)
    {
        if (_added.Count == 0) return;
        var text = new StringBuilder();
        text.Append("# The build requirements of the wheel specs in this folder, with the sha256 of every wheel file (PEP 751 layout).\n");
        text.Append("# Written by DockerBuild when a requirement is first fetched; every wheel is checked against it before use.\n");
        text.Append("# Review changes like code.\n");
        text.Append("lock-version = \"1.0\"\ncreated-by = \"dockerbuild\"\n");
        foreach (var package in _wheels.GroupBy(w => (DockerBuild.Wheels.BuildRequirement.Normalise(w.Name), w.Version)).OrderBy(g => g.Key.Item1, StringComparer.Ordinal)
                     .ThenBy(g => g.Key.Version, StringComparer.Ordinal))
        {
            text.Append($"\n[[packages]]\nname = {Quote(package.First().Name)}\nversion = {Quote(package.Key.Version)}\n");
            foreach (var wheel in package.OrderBy(w => w.FileName, StringComparer.Ordinal))
                text.Append($"\n[[packages.wheels]]\nname = {Quote(wheel.FileName)}\nsize = {wheel.Size.ToString(CultureInfo.InvariantCulture)}\n"
                    + $"hashes = {{ sha256 = {Quote(wheel.Sha256)} }}\n");
        }
        await AtomicFile.WriteAllTextAsync(Path, text.ToString(), cancellationToken: cancellationToken);
    }

    private static string Quote(string value) => "\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";

    private static string Text(TomlTable table, string key, string path) =>
        table.TryGetValue(key, out var value) && value is string text && text.Length > 0 ? text : throw Invalid(path, $"an entry has no '{key}'");

    private static BuildRequirementException Invalid(string path, string problem) =>
        new($"{path}: {problem}; restore the file from version control, or delete it to lock every build requirement again from the index.");
}

/// <summary>A build requirement cannot be had, or is not what its lock says.</summary>
public sealed class BuildRequirementException(string message) : Exception(message);
