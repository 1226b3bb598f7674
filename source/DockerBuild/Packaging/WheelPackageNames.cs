using DockerBuild.Platforms;
using DockerBuild.Tools.Cipd;
using DockerBuild.Wheels.Abi3;
using DockerBuild.Wheels.Archive;

namespace DockerBuild.Packaging;

/// <summary>
/// Chromium DockerBuild's CIPD names for wheels: <c>infra/python/wheels/&lt;name&gt;/&lt;cipd_platform&gt;_cp&lt;XY&gt;_&lt;abi&gt;</c>
/// for binary wheels, <c>&lt;name&gt;/&lt;cipd_platform&gt;_cp39_abi3</c> for abi3 ones, and <c>infra/python/wheels/&lt;name&gt;-py3</c> (<c>-py2_py3</c>) for universal ones. As Chromium does,
/// every path component is lower-cased with '.' replaced by '_'; '-' is kept (its packages are e.g.
/// <c>infra/python/wheels/typing-extensions-py3</c>), and the binary part comes from the platform, not from the file's tags
/// (save that an abi3 file is named by its floor: one package serves every CPython of the architecture).
/// </summary>
public static class WheelPackageNames
{
    public const string Prefix = "infra/python/wheels";

    /// <summary>The package a wheel named <paramref name="wheelName"/> built on <paramref name="platform"/> goes to.</summary>
    /// <param name="file">The built file's tags; for the universal platform they decide <c>-py3</c> or <c>-py2_py3</c>.</param>
    public static string For(string wheelName, PlatformSpec platform, WheelFileName file) =>
        platform.Kind == PlatformKind.Universal ? Universal(wheelName, file)
        : file.AbiTags.SequenceEqual(["abi3"]) && Abi3Floor.TryParse(file.PythonTag) is { } floor ? Abi3(wheelName, platform, floor)
        : Binary(wheelName, platform);

    /// <summary>
    /// The package of an (<c>cp39-abi3</c>) wheel: <c>&lt;cipd_platform&gt;_cp39_abi3</c>, what vpython's
    /// <c>${vpython_platform}</c> expands to for that tag. Every CPython of the architecture shares it: one instance serves all.
    /// </summary>
    public static string Abi3(string wheelName, PlatformSpec platform, Abi3Floor floor) =>
        Compose(wheelName, $"{RequireCipdPlatform(platform)}_{floor.Tag}_abi3");

    /// <summary>The package of a pure-Python (<c>*-none-any</c>) wheel: <c>&lt;name&gt;-py3</c> or <c>&lt;name&gt;-py2_py3</c>.</summary>
    public static string Universal(string wheelName, WheelFileName file)
    {
        if (!file.IsUniversal)
            throw new PackagingException($"wheel '{file.Distribution}-{file.Version}' was built for the universal platform but its tags are "
                + $"{file.PythonTag}-{string.Join('.', file.AbiTags)}-{string.Join('.', file.PlatformTags)}; universal wheels are *-none-any");
        var python = file.PythonTags.Order(StringComparer.Ordinal).ToList() switch
        {
            ["py3"] => "py3",
            ["py2", "py3"] => "py2.py3",
            var tags => throw new PackagingException($"universal wheel '{file.Distribution}-{file.Version}' has python tag "
                + $"'{string.Join('.', tags)}'; only py3 and py2.py3 have a CIPD package name"),
        };
        return Compose($"{wheelName}-{python}");
    }

    /// <summary>The package of a binary wheel: it depends only on the wheel's name and the platform.</summary>
    public static string Binary(string wheelName, PlatformSpec platform)
    {
        var interpreter = "cp" + platform.Python.Replace(".", "", StringComparison.Ordinal);
        return Compose(wheelName, $"{RequireCipdPlatform(platform)}_{interpreter}_{platform.WheelAbi}");
    }

    private static string RequireCipdPlatform(PlatformSpec platform) => string.IsNullOrEmpty(platform.CipdPlatform)
        ? throw new PackagingException($"platform '{platform.Name}' has no cipd_platform, so its wheels have no CIPD package")
        : platform.CipdPlatform;

    private static string Compose(params string[] components)
    {
        var name = string.Join('/', new[] { Prefix }.Concat(components).Select(c => c.Replace('.', '_').ToLowerInvariant()));
        if (CipdNames.ValidatePackageName(name) is { } error)
            throw new PackagingException($"the wheel's CIPD package name is not valid: {error}");
        return name;
    }

    /// <summary>The <c>version:</c> tag of a version (refused early when CIPD would not accept it).</summary>
    public static string VersionTag(string version) =>
        CipdNames.ValidateTag($"version:{version}") is { } error
            ? throw new PackagingException($"version '{version}' cannot be a CIPD version tag: {error}")
            : $"version:{version}";
}
