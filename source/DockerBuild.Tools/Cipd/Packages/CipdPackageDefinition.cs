using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace DockerBuild.Tools.Cipd.Packages;

/// <summary>
/// A package definition in the <c>cipd create -pkg-def</c> YAML form: <c>package</c>, <c>root</c> (relative to the
/// YAML file), <c>install_mode</c>, and <c>data</c> entries each with one of <c>file</c>, <c>dir</c> (+ <c>exclude</c>
/// regexes) or <c>version_file</c>. <c>${platform}</c>, <c>${os}</c>, <c>${arch}</c> and caller-given variables are
/// expanded in every string; an unknown variable is an error.
/// </summary>
public sealed partial class CipdPackageDefinition
{
    public required string Package { get; init; }
    /// <summary>Absolute package root.</summary>
    public required string Root { get; init; }
    public string? InstallMode { get; init; }
    public IReadOnlyList<CipdPackageChunk> Data { get; init; } = [];

    public string? VersionFile => Data.Select(c => c.VersionFile).FirstOrDefault(v => !string.IsNullOrEmpty(v));

    /// <summary>Loads and validates a YAML file; errors name the file, line and field.</summary>
    public static CipdPackageDefinition Load(string yamlFile, IReadOnlyDictionary<string, string>? variables = null)
    {
        var full = Path.GetFullPath(yamlFile);
        return Parse(File.ReadAllText(full), Path.GetDirectoryName(full)!, full, variables);
    }

    /// <summary>Parses YAML text; a relative <c>root</c> is taken relative to <paramref name="baseDirectory"/>.</summary>
    public static CipdPackageDefinition Parse(string yaml, string baseDirectory, string sourceName = "<package definition>", IReadOnlyDictionary<string, string>? variables = null)
    {
        RawDefinition raw;
        try
        {
            raw = new DeserializerBuilder().WithNamingConvention(UnderscoredNamingConvention.Instance).Build()
                .Deserialize<RawDefinition?>(yaml) ?? new RawDefinition();
        }
        catch (YamlException e)
        {
            throw new CipdValidationException($"{sourceName}:{e.Start.Line}: {(e.InnerException ?? e).Message}");
        }

        var vars = new Dictionary<string, string>(CipdHostPlatform.Variables());
        foreach (var (key, value) in variables ?? new Dictionary<string, string>()) vars[key] = value;
        string Expand(string? text, string field) => ExpandVariables(text ?? "", vars, $"{sourceName}: {field}");

        var package = Expand(raw.Package, "package");
        if (CipdNames.ValidatePackageName(package) is { } nameError) throw new CipdValidationException($"{sourceName}: package: {nameError}");
        if (raw.InstallMode is not (null or "" or "copy" or "symlink"))
            throw new CipdValidationException($"{sourceName}: install_mode: invalid install mode \"{raw.InstallMode}\": must be \"copy\" or \"symlink\"");
        if (raw.PreserveMtime || raw.PreserveWritable)
            throw new CipdValidationException($"{sourceName}: preserve_mtime / preserve_writable are not supported: packages here are reproducible, so mtimes and write bits are never recorded");

        var chunks = new List<CipdPackageChunk>();
        string? versionFile = null;
        for (var i = 0; i < raw.Data.Count; i++)
        {
            var c = raw.Data[i];
            var chunk = new CipdPackageChunk
            {
                File = NullIfEmpty(Expand(c.File, $"data[{i}].file")),
                Dir = NullIfEmpty(Expand(c.Dir, $"data[{i}].dir")),
                VersionFile = NullIfEmpty(Expand(c.VersionFile, $"data[{i}].version_file")),
                Exclude = c.Exclude.Select((e, j) => Expand(e, $"data[{i}].exclude[{j}]")).ToList(),
            };
            var keys = new[] { ("file", chunk.File), ("version_file", chunk.VersionFile), ("dir", chunk.Dir) }.Where(k => k.Item2 is not null).Select(k => k.Item1).ToList();
            if (keys.Count == 0) throw new CipdValidationException($"{sourceName}: data entry #{i} needs a 'file', 'dir' or 'version_file' key");
            if (keys.Count > 1) throw new CipdValidationException($"{sourceName}: data entry #{i} should have only one key, got {string.Join(", ", keys)}");
            if (chunk.VersionFile is { } vf)
            {
                if (versionFile is not null) throw new CipdValidationException($"{sourceName}: 'version_file' entry can be used only once");
                if (!CipdPaths.IsCleanRelative(vf)) throw new CipdValidationException($"{sourceName}: 'version_file' must be a path relative to the package root: \"{vf}\"");
                versionFile = vf;
            }
            chunks.Add(chunk);
        }

        var root = Expand(raw.Root, "root");
        if (root.Length == 0) root = ".";
        return new CipdPackageDefinition
        {
            Package = package,
            Root = Path.GetFullPath(Path.Combine(baseDirectory, root)),
            InstallMode = NullIfEmpty(raw.InstallMode),
            Data = chunks,
        };
    }

    /// <summary>The files the definition selects, duplicates dropped (first wins), sorted by name.</summary>
    public IReadOnlyList<CipdPackageFile> FindFiles()
    {
        var byName = new Dictionary<string, CipdPackageFile>(StringComparer.Ordinal);
        foreach (var chunk in Data)
        {
            IEnumerable<CipdPackageFile> files =
                chunk.File is { } file ? [CipdFileScanner.ScanFile(Root, Path.Combine(Root, file))]
                : chunk.Dir is { } dir ? CipdFileScanner.Scan(Root, Path.Combine(Root, dir), chunk.Exclude)
                : [];
            foreach (var f in files) byName.TryAdd(f.Name, f);
        }
        return CipdFileScanner.SortByName(byName.Values);
    }

    [GeneratedRegex(@"\$\{[^}]+\}")]
    private static partial Regex VariableRegex();

    private static string ExpandVariables(string text, IReadOnlyDictionary<string, string> vars, string where)
    {
        var missing = new List<string>();
        var result = VariableRegex().Replace(text, m =>
        {
            var key = m.Value[2..^1];
            if (vars.TryGetValue(key, out var value)) return value;
            missing.Add(key);
            return m.Value;
        });
        if (missing.Count > 0)
            throw new CipdValidationException($"{where}: values for some variables are not provided: {string.Join(", ", missing)} (known: {string.Join(", ", vars.Keys.Order())})");
        return result;
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private sealed class RawDefinition
    {
        public string? Package { get; set; }
        public string? Root { get; set; }
        public string? InstallMode { get; set; }
        public bool PreserveMtime { get; set; }
        public bool PreserveWritable { get; set; }
        public List<RawChunk> Data { get; set; } = [];
    }

    private sealed class RawChunk
    {
        public string? File { get; set; }
        public string? Dir { get; set; }
        public string? VersionFile { get; set; }
        public List<string> Exclude { get; set; } = [];
    }
}

/// <summary>One <c>data</c> entry of a package definition.</summary>
public sealed record CipdPackageChunk
{
    public string? File { get; init; }
    public string? Dir { get; init; }
    public string? VersionFile { get; init; }
    public IReadOnlyList<string> Exclude { get; init; } = [];
}

/// <summary>The host's CIPD platform names (<c>${os}</c>, <c>${arch}</c>, <c>${platform}</c> = "os-arch").</summary>
public static class CipdHostPlatform
{
    public static string Os =>
        OperatingSystem.IsLinux() ? "linux" : OperatingSystem.IsMacOS() ? "mac" : OperatingSystem.IsWindows() ? "windows" : "unknown";

    public static string Arch => RuntimeInformation.OSArchitecture switch
    {
        Architecture.X64 => "amd64",
        Architecture.X86 => "386",
        Architecture.Arm64 => "arm64",
        Architecture.Arm => "armv6l",
        Architecture.Ppc64le => "ppc64le",
        Architecture.S390x => "s390x",
        Architecture.RiscV64 => "riscv64",
        Architecture.LoongArch64 => "loong64",
        var other => other.ToString().ToLowerInvariant(),
    };

    public static IReadOnlyDictionary<string, string> Variables() =>
        new Dictionary<string, string> { ["os"] = Os, ["arch"] = Arch, ["platform"] = $"{Os}-{Arch}" };
}
