using System.Text.RegularExpressions;
using DockerBuild.Platforms;
using DockerBuild.Sources;
using DockerBuild.Specs;
using DockerBuild.Wheels.Abi3;
using YamlDotNet.Core;

namespace DockerBuild.Wheels;

/// <summary>
/// Turns one <c>wheels/*.yaml</c> file (a <c>wheels:</c> list of specs) into <see cref="WheelSpec"/>s,
/// checking each field, the rules of its kind, its patch files and its platform references.
/// </summary>
internal static partial class WheelFileReader
{
    private static readonly IReadOnlyList<string> FileKeys = ["wheels"];

    private static readonly IReadOnlyList<string> Keys =
    [
        "name", "version", "kind", "universal", "pure", "source", "patches", "target_libraries", "build_packages", "build_requires",
        "only", "skip", "packaged", "abi3", "import", "test",
    ];

    /// <summary>YAML spellings of <see cref="WheelKind"/>.</summary>
    public static readonly IReadOnlyList<string> Kinds = Enum.GetNames<WheelKind>();

    /// <summary>
    /// The specs of the file that are valid, each with the position of its mapping (for problems found later,
    /// such as a repeated name==version); problems are recorded in <c>file.Errors</c>.
    /// </summary>
    public static IReadOnlyList<(WheelSpec Spec, Mark At)> Read(YamlSpecFile file, string patchesDirectory, PlatformCatalog platforms, bool pinSources = false)
    {
        if (file.Root is null)
            return [];
        var root = YamlFields.Of(file.Root, "", file.Errors, FileKeys);
        var list = root?.Sequence("wheels", required: true);
        if (list is null)
            return [];
        if (list.Children.Count == 0)
            root!.Error("wheels", "the list is empty (valid: one or more wheel specs, each starting with '- name:')");

        var specs = new List<(WheelSpec, Mark)>();
        for (var i = 0; i < list.Children.Count; i++)
        {
            var fields = YamlFields.Of(list.Children[i], "", file.Errors, Keys);
            if (fields is null)
                continue;
            var before = file.Errors.Errors.Count;
            var spec = ReadSpec(fields, file, patchesDirectory, platforms, pinSources);
            if (spec is not null && file.Errors.Errors.Count == before)
                specs.Add((spec, fields.Start));
        }
        return specs;
    }

    private static WheelSpec? ReadSpec(YamlFields fields, YamlSpecFile file, string patchesDirectory, PlatformCatalog platforms, bool pinSources)
    {
        var name = fields.String("name", required: true, expected: "the distribution name, e.g. zstandard");
        if (name is not null && !DistributionName().IsMatch(name))
        {
            fields.Error("name", $"'{name}' is not a Python distribution name (valid: letters, digits, '.', '_', '-')");
            name = null;
        }
        var version = fields.String("version", required: true, expected: "a version such as 1.2.3");
        if (version is not null && !VersionText().IsMatch(version))
        {
            fields.Error("version", $"'{version}' is not a version (valid: PEP 440, e.g. 1.2.3, 2.0rc1)");
            version = null;
        }

        var kindText = fields.Choice("kind", Kinds, required: true);
        WheelKind? kind = kindText is null ? null : Enum.Parse<WheelKind>(kindText);
        var pure = ReadPurity(fields, kind);
        var source = kind is null || name is null || version is null
            ? null
            : ReadSource(fields, kind.Value, name, version, Path.GetDirectoryName(file.FullPath)!, pinSources);

        var patches = ReadPatches(fields, kind, patchesDirectory);
        var libraries = ReadLibraries(fields, kind, pure);
        var buildPackages = ReadBuildPackages(fields, kind);
        var buildRequires = ReadBuildRequires(fields, kind, name);
        if (pure || kind is WheelKind.Prebuilt)
            fields.Forbid("pure", "only a wheel compiled for each platform may be allowed to come out without compiled code");
        var mayBePure = fields.Bool("pure") ?? false;
        var only = ReadPlatformPatterns(fields, "only", platforms);
        var skip = ReadPlatformPatterns(fields, "skip", platforms);
        if (kind is not null and not WheelKind.SourceOrPrebuilt)
            fields.Forbid("packaged", "only a SourceOrPrebuilt wheel lists platforms where its published wheel is used");
        var packaged = ReadPlatformPatterns(fields, "packaged", platforms);
        var abi3 = ReadAbi3(fields, kind, pure, packaged, platforms);

        var import = fields.String("import", expected: "a module name such as zstandard");
        if (import is not null && !ModuleName().IsMatch(import))
            fields.Error("import", $"'{import}' is not a Python module name (valid: dotted identifiers, e.g. google.protobuf)");
        var test = fields.String("test", expected: "Python statements, e.g. a block '|' with asserts");

        if (name is null || version is null || kind is null)
            return null;
        return new WheelSpec
        {
            Name = name, Version = version, Kind = kind.Value, Source = source, Patches = patches, TargetLibraries = libraries,
            BuildPackages = buildPackages, BuildRequires = buildRequires, MayBePure = mayBePure,
            OnlyPlatforms = only, SkipPlatforms = skip, PackagedPlatforms = packaged, Import = import, Test = test,
            PurePython = pure, Abi3 = abi3, SourceFile = file.FullPath,
            DeclaredAt = $"{file.DisplayPath}:{fields.Start.Line}:{fields.Start.Column}",
        };
    }

    private static bool ReadPurity(YamlFields fields, WheelKind? kind)
    {
        if (kind is not null and not WheelKind.Local)
            fields.Forbid("universal", "only a Local spec says whether it is pure Python (Universal and UniversalSource always are)");
        return kind switch
        {
            WheelKind.Universal or WheelKind.UniversalSource => true,
            WheelKind.Local => fields.Bool("universal") ?? false,
            _ => false,
        };
    }

    private static SourceSpec? ReadSource(YamlFields fields, WheelKind kind, string name, string version, string directory, bool pinSources)
    {
        switch (kind)
        {
            case WheelKind.Universal or WheelKind.Prebuilt:
                fields.Forbid("source", $"a {kind} wheel is the published wheel, downloaded as is");
                return null;
            case WheelKind.UniversalSource or WheelKind.SourceOrPrebuilt or WheelKind.Local when !fields.Has("source"):
                fields.Error("source", $"missing required field: a {kind} wheel is built from a source "
                    + $"(valid kinds: {(kind == WheelKind.Local ? "local" : "url, pypi, github, git")})");
                return null;
        }

        var source = SourceSpecReader.Read(fields, name, version, directory, pinSources);
        if (source is null)
            return null;
        if (kind == WheelKind.Local && source.Kind != SourceKind.Local)
            fields.Error("source", $"a Local wheel is built from a directory here (valid: kind: local), found kind '{source.Kind.ToString().ToLowerInvariant()}'");
        else if (kind != WheelKind.Local && source.Kind == SourceKind.Local)
            fields.Error("source", $"a local directory source belongs to kind Local (valid for {kind}: url, pypi, github, git)");
        return source;
    }

    private static IReadOnlyList<string> ReadPatches(YamlFields fields, WheelKind? kind, string patchesDirectory)
    {
        if (kind is WheelKind.Universal or WheelKind.Prebuilt)
            fields.Forbid("patches", "a published wheel is not built, so nothing can be patched");
        var patches = new List<string>();
        foreach (var (patch, node) in fields.StringList("patches"))
        {
            var full = Path.GetFullPath(Path.Combine(patchesDirectory, patch));
            if (Path.IsPathRooted(patch) || !full.StartsWith(Path.GetFullPath(patchesDirectory) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                fields.Errors.Add(node, fields.Child("patches"), $"'{patch}' is outside wheels/patches (valid: a file name inside wheels/patches)");
            else if (!File.Exists(full))
                fields.Errors.Add(node, fields.Child("patches"), $"'{patch}' does not exist in wheels/patches (valid: {Existing(patchesDirectory)})");
            else
                patches.Add(patch);
        }
        return patches;
    }

    private static string Existing(string patchesDirectory)
    {
        var files = Directory.Exists(patchesDirectory)
            ? Directory.EnumerateFiles(patchesDirectory, "*.patch", SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(patchesDirectory, f)).Order(StringComparer.Ordinal).ToList()
            : [];
        return files.Count == 0 ? "no .patch files exist yet" : string.Join(", ", files);
    }

    private static IReadOnlyList<string> ReadLibraries(YamlFields fields, WheelKind? kind, bool pure)
    {
        if (pure || kind is WheelKind.Prebuilt)
            fields.Forbid("target_libraries", "only wheels compiled here link against target libraries");
        var libraries = new List<string>();
        foreach (var (library, node) in fields.StringList("target_libraries"))
        {
            if (DevPackage().IsMatch(library))
                libraries.Add(library);
            else
                fields.Errors.Add(node, fields.Child("target_libraries"),
                    $"'{library}' is not a Debian development package (valid: a -dev name without architecture, e.g. zlib1g-dev, libffi-dev)");
        }
        return libraries;
    }

    private static IReadOnlyList<string> ReadBuildPackages(YamlFields fields, WheelKind? kind)
    {
        if (kind is WheelKind.Prebuilt or WheelKind.Universal)
            fields.Forbid("build_packages", "a published wheel is downloaded, not built");
        var packages = new List<string>();
        foreach (var (package, node) in fields.StringList("build_packages"))
        {
            if (HostPackage().IsMatch(package))
                packages.Add(package);
            else
                fields.Errors.Add(node, fields.Child("build_packages"),
                    $"'{package}' is not a Debian package name of the build machine (valid: a name without architecture, e.g. cython3, pybind11-dev, cmake)");
        }
        return packages;
    }

    private static IReadOnlyList<BuildRequirement> ReadBuildRequires(YamlFields fields, WheelKind? kind, string? name)
    {
        if (kind is WheelKind.Prebuilt or WheelKind.Universal)
            fields.Forbid("build_requires", "a published wheel is downloaded, not built");
        var requirements = new List<BuildRequirement>();
        foreach (var (text, node) in fields.StringList("build_requires"))
        {
            var requirement = BuildRequirement.TryParse(text);
            if (requirement is null)
                fields.Errors.Add(node, fields.Child("build_requires"),
                    $"'{text}' is not an exact pin (valid: name==version, e.g. setuptools==80.9.0; the build gets exactly the versions named)");
            else if (name is not null && requirement.Key == BuildRequirement.Normalise(name))
                fields.Errors.Add(node, fields.Child("build_requires"), $"'{text}' names the wheel itself; a wheel cannot be its own build requirement");
            else if (requirements.Any(r => r.Key == requirement.Key))
                fields.Errors.Add(node, fields.Child("build_requires"),
                    $"'{text}' is listed twice (valid: one pin per distribution; {requirements.First(r => r.Key == requirement.Key)} is already listed)");
            else
                requirements.Add(requirement);
        }
        return requirements;
    }

    private static Abi3Floor? ReadAbi3(YamlFields fields, WheelKind? kind, bool pure, IReadOnlyList<string> packaged, PlatformCatalog platforms)
    {
        if (pure || kind is WheelKind.Prebuilt)
            fields.Forbid("abi3", "only a wheel compiled here for each architecture can be an abi3 wheel");
        if (packaged.Count > 0)
            fields.Forbid("abi3", "an abi3 wheel is built once per architecture, so no platform can use a published wheel instead (remove 'packaged')");
        var text = fields.String("abi3", expected: "the oldest CPython the wheel runs on, e.g. cp39");
        if (text is null) return null;
        var floor = Abi3Floor.TryParse(text);
        if (floor is null)
            fields.Error("abi3", $"'{text}' is not a CPython 3 python tag (valid: cp3X, the oldest CPython the wheel runs on, e.g. cp39)");
        else if (!platforms.All.Any(p => p.Kind == PlatformKind.Linux && floor.Admits(p.Python)))
            fields.Error("abi3", $"no Linux platform has CPython {floor.Major}.{floor.Minor} or later (valid: at most cp"
                + platforms.All.Where(p => p.Kind == PlatformKind.Linux).Select(p => System.Version.Parse(p.Python)).Max()?.ToString().Replace(".", "", StringComparison.Ordinal) + ")");
        return floor;
    }

    private static IReadOnlyList<string> ReadPlatformPatterns(YamlFields fields, string key, PlatformCatalog platforms)
    {
        var patterns = new List<string>();
        foreach (var (pattern, node) in fields.StringList(key))
        {
            if (platforms.IsKnownPattern(pattern))
                patterns.Add(pattern);
            else
                fields.Errors.Add(node, fields.Child(key), $"{platforms.DescribeUnknown(pattern)} (valid: "
                    + string.Join(", ", platforms.All.Select(p => p.Name).Concat(platforms.ArchPrefixes).Order(StringComparer.Ordinal)) + ")");
        }
        return patterns;
    }

    [GeneratedRegex(@"^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$")]
    private static partial Regex DistributionName();

    [GeneratedRegex(@"^(\d+!)?\d+(\.\d+)*((a|b|rc)\d+)?(\.post\d+)?(\.dev\d+)?(\+[A-Za-z0-9.]+)?$")]
    private static partial Regex VersionText();

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$")]
    private static partial Regex ModuleName();

    [GeneratedRegex(@"^[a-z0-9][a-z0-9+.-]*$")]
    private static partial Regex HostPackage();

    [GeneratedRegex(@"^[a-z0-9][a-z0-9+.-]*-dev$")]
    private static partial Regex DevPackage();
}
