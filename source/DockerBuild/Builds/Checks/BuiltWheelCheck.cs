using System.IO.Compression;
using System.Text.RegularExpressions;
using DockerBuild.Platforms;
using DockerBuild.Tools.Elf;
using DockerBuild.Wheels;
using DockerBuild.Wheels.Archive;

namespace DockerBuild.Builds.Checks;

/// <summary>
/// What a freshly built wheel must be before it is repaired: the distribution and version the spec names (a package
/// whose metadata says another version, or a setuptools-scm one that came out as 0.0.0, is not what the user asked
/// for), and — for a wheel built for a Linux platform — compiled code, unless the spec says <c>pure: true</c>
/// (a package that quietly fell back to pure Python when its extension failed to build is not a binary wheel); and the
/// <c>cpXY-abi3</c> tags a spec's <c>abi3: cpXY</c> promises.
/// </summary>
public static partial class BuiltWheelCheck
{
    public static void Check(string wheelFile, WheelSpec spec, PlatformSpec platform, PairLog log)
    {
        var name = WheelFileName.Parse(wheelFile);
        if (BuildRequirement.Normalise(name.Distribution) != BuildRequirement.Normalise(spec.Name) || !Packaging.PythonVersion.SameVersion(name.Version, spec.Version))
            throw new WheelBuildException($"the build of {spec.Id} produced {Path.GetFileName(wheelFile)}, which is {name.Distribution} {name.Version}, "
                + $"but the spec at {spec.DeclaredAt} says {spec.Name} {spec.Version}. Set the spec's version (or name) to what the source really is, "
                + "or build the source of the version the spec names.");
        if (spec.Abi3 is { } floor && (name.PythonTag, name.AbiTag) != (floor.Tag, "abi3"))
            throw new WheelBuildException($"the build of {spec.Id} produced {Path.GetFileName(wheelFile)}, tagged {name.PythonTag}-{name.AbiTag}, but the spec at "
                + $"{spec.DeclaredAt} says abi3: {floor}. Build the extension for the limited API (setuptools: Extension(..., py_limited_api=True, "
                + $"define_macros=[(\"Py_LIMITED_API\", \"{floor.LimitedApiHex}\")]) and bdist_wheel's py_limited_api = {floor}), or remove 'abi3:'.");
        if (spec.PurePython || spec.MayBePure || platform.Kind != PlatformKind.Linux) return;
        if (HasCompiledCode(wheelFile)) return;
        var why = log.Tail(400).Where(l => Reason().IsMatch(l) && !l.StartsWith("env ", StringComparison.Ordinal)
            && !l.Contains("byte-compiling is disabled", StringComparison.Ordinal)).TakeLast(5).Select(l => "  | " + l.Trim()).ToList();
        throw new WheelBuildException($"{Path.GetFileName(wheelFile)} was built without its extension; the build fell back to pure Python "
            + $"(the wheel holds no compiled code). Give the build what its extension needs (target_libraries, build_packages, build_requires), "
            + $"or say 'pure: true' at {spec.DeclaredAt} if a wheel without compiled code is intended."
            + (why.Count == 0 ? "" : Environment.NewLine + "The build log says:" + Environment.NewLine + string.Join(Environment.NewLine, why)));
    }

    private static bool HasCompiledCode(string wheelFile)
    {
        using var zip = ZipFile.OpenRead(wheelFile);
        foreach (var entry in zip.Entries)
        {
            using var stream = entry.Open();
            if (ElfReader.IsElf(stream)) return true;
        }
        return false;
    }

    [GeneratedRegex(@"\b(error|warning|failed|failure|fatal|could not|cannot|unable|not found|no such file|falling back)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Reason();
}
