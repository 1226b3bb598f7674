using System.Text.RegularExpressions;
using DockerBuild.Specs;

namespace DockerBuild.Platforms;

/// <summary>
/// Turns one <c>platforms/&lt;name&gt;.yaml</c> into a <see cref="PlatformSpec"/>, recording every problem
/// (unknown keys, types, values, and fields that contradict each other) in the file's error list.
/// </summary>
internal static partial class PlatformFileReader
{
    private static readonly IReadOnlyList<string> Keys =
    [
        "name", "kind", "python", "cross_triple", "wheel_abi", "wheel_plat", "cipd_platform", "qemu", "default", "env", "base", "glibc_floor",
    ];

    /// <summary>The platform, or null when the file had errors (they are in <c>file.Errors</c>).</summary>
    public static PlatformSpec? Read(YamlSpecFile file)
    {
        if (file.Root is null)
            return null;
        var fields = YamlFields.Of(file.Root, "", file.Errors, Keys);
        if (fields is null)
            return null;
        var errorsBefore = file.Errors.Errors.Count;
        var stem = Path.GetFileNameWithoutExtension(file.FullPath);

        var name = fields.String("name", required: true, expected: $"'{stem}', the file name");
        if (name is not null && name != stem)
        {
            fields.Error("name", $"'{name}' differs from the file name (valid: {stem}; rename the file or the platform)");
            name = null;
        }
        else if (name is not null && name != "universal" && !PlatformName().IsMatch(name))
        {
            fields.Error("name", $"'{name}' does not follow <os>-<arch>-py<X.Y> (valid: e.g. linux-arm64-py3.11, or universal)");
            name = null;
        }

        var kindText = fields.Choice("kind", PlatformVocabulary.Kinds, required: true);
        var kind = kindText switch
        {
            "linux" => PlatformKind.Linux,
            "prebuilt-only" => PlatformKind.PrebuiltOnly,
            "universal" => PlatformKind.Universal,
            _ => (PlatformKind?)null,
        };
        var isDefault = fields.Bool("default") ?? false;
        var env = ReadEnv(fields);

        PlatformSpec? spec = kind switch
        {
            PlatformKind.Universal => ReadUniversal(fields, name),
            PlatformKind.Linux or PlatformKind.PrebuiltOnly => ReadBinary(fields, name, kind.Value),
            _ => null,
        };
        if (spec is null || file.Errors.Errors.Count > errorsBefore)
            return null;
        return spec with { Default = isDefault, Env = env, SourceFile = file.FullPath };
    }

    private static PlatformSpec? ReadUniversal(YamlFields fields, string? name)
    {
        const string why = "a universal platform builds py3-none-any wheels";
        foreach (var key in new[] { "python", "cross_triple", "cipd_platform", "qemu", "base", "glibc_floor" })
            fields.Forbid(key, why);
        if (name is not null && name != "universal")
            fields.Error("kind", $"'universal' is reserved for the platform named universal (valid for '{name}': linux, prebuilt-only)");

        var abi = fields.Choice("wheel_abi", ["none"], required: true);
        var plat = fields.StringList("wheel_plat", required: true);
        if (plat.Count != 1 || plat[0].Value != "any")
            fields.Error("wheel_plat", "a universal platform has exactly one wheel platform (valid: [any])");
        return abi is null || name is null
            ? null
            : new PlatformSpec
            {
                Name = name, Kind = PlatformKind.Universal, Python = "", WheelAbi = abi, WheelPlat = ["any"], CipdPlatform = "",
            };
    }

    private static PlatformSpec? ReadBinary(YamlFields fields, string? name, PlatformKind kind)
    {
        if (name == "universal")
            fields.Error("kind", "the platform named universal must have kind universal (valid: universal)");
        var python = fields.String("python", required: true, expected: "a version X.Y such as 3.11");
        if (python is not null && !PythonVersion().IsMatch(python))
        {
            fields.Error("python", $"'{python}' is not a Python X.Y version (valid: e.g. 3.9, 3.11, 3.13)");
            python = null;
        }
        else if (python is not null && name is not null && PlatformName().Match(name) is { Success: true } parts
                 && parts.Groups["python"].Value != python)
        {
            fields.Error("python", $"'{python}' contradicts the name '{name}' (valid: {parts.Groups["python"].Value})");
            python = null;
        }

        var expectedAbi = python is null ? null : "cp" + python.Replace(".", "");
        var abi = fields.String("wheel_abi", required: true, expected: expectedAbi ?? "cpXY, e.g. cp311");
        if (abi is not null && expectedAbi is not null && abi != expectedAbi)
            fields.Error("wheel_abi", $"'{abi}' does not match python {python} (valid: {expectedAbi})");

        var cipd = fields.Choice("cipd_platform", PlatformVocabulary.CipdPlatforms, required: true);
        var tags = ReadWheelPlat(fields, kind);

        string? triple = null;
        TargetArchitecture? architecture = null;
        string? qemu = null;
        BaseSpec? baseSpec = null;
        DebianSuite? floor = null;
        if (kind == PlatformKind.PrebuiltOnly)
        {
            const string why = "nothing is built for a prebuilt-only platform; its wheels are downloaded";
            foreach (var key in new[] { "cross_triple", "qemu", "base", "glibc_floor" })
                fields.Forbid(key, why);
        }
        else
        {
            (triple, architecture) = ReadTriple(fields);
            qemu = ReadQemu(fields, architecture);
            baseSpec = PlatformBaseReader.Read(fields, new PlatformBaseReader.Context(python, architecture));
            floor = ReadGlibcFloor(fields, baseSpec, architecture);
            CheckGlibc(fields, tags, baseSpec, floor);
        }

        return name is null || python is null || abi is null || cipd is null
            ? null
            : new PlatformSpec
            {
                Name = name, Kind = kind, Python = python, CrossTriple = triple, WheelAbi = abi,
                WheelPlat = tags.Select(t => t.Value).ToList(), CipdPlatform = cipd, Qemu = qemu, Base = baseSpec,
                GlibcFloor = floor,
            };
    }

    private static IReadOnlyList<(string Value, YamlDotNet.RepresentationModel.YamlNode Node)> ReadWheelPlat(
        YamlFields fields, PlatformKind kind)
    {
        var tags = fields.StringList("wheel_plat", required: true);
        if (fields.Node("wheel_plat") is YamlDotNet.RepresentationModel.YamlSequenceNode { Children.Count: 0 })
            fields.Error("wheel_plat", "the list is empty (valid: one or more wheel platform tags, most preferred first)");
        foreach (var (tag, node) in tags)
        {
            var problem = !WheelPlatformTag().IsMatch(tag) ? "is not a wheel platform tag (lowercase letters, digits, '_')"
                : tag == "any" ? "belongs to the universal platform only"
                : kind == PlatformKind.Linux && !LinuxTag().IsMatch(tag) ? "is not a Linux tag (valid: manylinux_2_<N>_<arch>, manylinux2014_<arch>, musllinux_1_<N>_<arch>, linux_<arch>)"
                : null;
            if (problem is not null)
                fields.Errors.Add(node, fields.Child("wheel_plat"), $"'{tag}' {problem}");
        }
        return tags;
    }

    private static (string?, TargetArchitecture?) ReadTriple(YamlFields fields)
    {
        var triple = fields.String("cross_triple", required: true, expected: "a GNU triple such as aarch64-linux-gnu");
        if (triple is null)
            return (null, null);
        var architecture = GnuTriple().IsMatch(triple) ? PlatformVocabulary.ArchitectureOf(triple) : null;
        if (architecture is null)
        {
            fields.Error("cross_triple", $"'{triple}' is not a GNU triple of a known architecture (valid: "
                + string.Join(", ", PlatformVocabulary.Architectures.Select(a => a.MultiarchTriple.Replace("i386", "i686"))) + ")");
            return (null, null);
        }
        return (triple, architecture);
    }

    private static string? ReadQemu(YamlFields fields, TargetArchitecture? architecture)
    {
        var qemu = fields.Choice("qemu", PlatformVocabulary.QemuArchitectures);
        if (architecture is null || (qemu is null && fields.Has("qemu")))
            return qemu;
        if (architecture.Qemu is null && qemu is not null)
            fields.Error("qemu", $"the target {architecture.TripleCpu} runs natively here: leave 'qemu' out");
        else if (architecture.Qemu is not null && qemu != architecture.Qemu)
            fields.Error("qemu", qemu is null
                ? $"missing required field: wheels for {architecture.TripleCpu} are verified under emulation (valid: {architecture.Qemu})"
                : $"'{qemu}' does not emulate {architecture.TripleCpu} (valid: {architecture.Qemu})");
        return qemu;
    }

    /// <summary>
    /// The optional <c>glibc_floor</c>: an older Debian suite than the base's, with packages for the target architecture,
    /// whose C library the image's compilers then link against.
    /// </summary>
    private static DebianSuite? ReadGlibcFloor(YamlFields fields, BaseSpec? baseSpec, TargetArchitecture? architecture)
    {
        var suites = PlatformVocabulary.DebianSuites;
        var name = fields.Choice("glibc_floor", suites.Select(s => s.Name).ToList());
        if (name is null) return null;
        var floor = suites.First(s => s.Name == name);
        if (baseSpec is { Image: not null })
        {
            fields.Error("glibc_floor", "a glibc floor is taken from Debian, so it needs a debian base (valid: base: debian: {suite, …}, or leave glibc_floor out)");
            return null;
        }
        var suite = suites.FirstOrDefault(s => s.Name == baseSpec?.Debian?.Suite);
        if (suite is null) return floor;
        var older = suites.Where(s => s.GlibcMinor < suite.GlibcMinor && s.Has(architecture?.DpkgArchitecture)).Select(s => s.Name).ToList();
        var valid = older.Count == 0 ? "none: leave glibc_floor out" : string.Join(", ", older);
        if (floor.GlibcMinor >= suite.GlibcMinor)
        {
            fields.Error("glibc_floor", $"{floor.Name} ships glibc {floor.Glibc}, not older than {suite.Name}'s {suite.Glibc} (valid: {valid})");
            return null;
        }
        if (architecture is not null && !floor.Has(architecture.DpkgArchitecture))
        {
            fields.Error("glibc_floor", $"{floor.Name} has no {architecture.DpkgArchitecture ?? "amd64"} packages (valid: {valid})");
            return null;
        }
        return floor;
    }

    /// <summary>No manylinux tag may promise a newer glibc than the one wheels link against: the floor's, else the suite's.</summary>
    private static void CheckGlibc(
        YamlFields fields, IReadOnlyList<(string Value, YamlDotNet.RepresentationModel.YamlNode Node)> tags, BaseSpec? baseSpec, DebianSuite? floor)
    {
        var suite = floor ?? PlatformVocabulary.Suite(baseSpec?.Debian?.Suite);
        if (suite is null)
            return;
        var glibcMinor = suite.GlibcMinor;
        var ships = floor is null ? $"{suite.Name} ships glibc {suite.Glibc}" : $"the glibc floor {suite.Name} has glibc {suite.Glibc}";
        foreach (var (tag, node) in tags)
        {
            var match = ManylinuxGlibc().Match(tag);
            if (match.Success && int.Parse(match.Groups["minor"].Value) > glibcMinor)
                fields.Errors.Add(node, fields.Child("wheel_plat"),
                    $"'{tag}' needs glibc 2.{match.Groups["minor"].Value} but {ships} "
                    + $"(valid: manylinux_2_{glibcMinor}_<arch> or lower)");
        }
    }

    private static IReadOnlyDictionary<string, string> ReadEnv(YamlFields fields)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value, node) in fields.StringMap("env"))
        {
            if (!EnvironmentName().IsMatch(key))
                fields.Errors.Add(node, fields.Child("env"),
                    $"'{key}' is not an environment variable name (valid: letters, digits and '_', not starting with a digit)");
            env[key] = value;
        }
        return env;
    }

    [GeneratedRegex(@"^[a-z][a-z0-9]*-[a-z0-9_]+-py(?<python>\d+\.\d+)$")]
    private static partial Regex PlatformName();

    [GeneratedRegex(@"^\d+\.\d+$")]
    private static partial Regex PythonVersion();

    [GeneratedRegex(@"^[a-z0-9_]+$")]
    private static partial Regex WheelPlatformTag();

    [GeneratedRegex(@"^(manylinux_\d+_\d+|manylinux1|manylinux2010|manylinux2014|musllinux_\d+_\d+|linux)_[a-z0-9_]+$")]
    private static partial Regex LinuxTag();

    [GeneratedRegex(@"^manylinux_2_(?<minor>\d+)_")]
    private static partial Regex ManylinuxGlibc();

    [GeneratedRegex(@"^[a-z0-9_]+(-[a-z0-9_]+){2,3}$")]
    private static partial Regex GnuTriple();

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex EnvironmentName();
}
