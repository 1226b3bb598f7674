namespace DockerBuild.Wheels.Archive;

/// <summary>
/// The parts of a wheel file name (PEP 427/491): <c>{distribution}-{version}(-{build})?-{python}-{abi}-{platform}.whl</c>.
/// A tag part may hold several tags joined by '.' (compressed tag sets: <c>py2.py3</c>,
/// <c>manylinux_2_17_x86_64.manylinux2014_x86_64</c>).
/// </summary>
public sealed record WheelFileName(string Distribution, string Version, string? Build, string PythonTag, string AbiTag, string PlatformTag)
{
    /// <summary>Parses a file name (directory parts are ignored); the <see cref="FormatException"/> names the file and the expected form.</summary>
    public static WheelFileName Parse(string fileName)
    {
        var name = Path.GetFileName(fileName);
        if (!name.EndsWith(".whl", StringComparison.Ordinal))
            throw new FormatException($"'{name}' is not a wheel file name: it must end in .whl");
        var parts = name[..^4].Split('-');
        if (parts.Length is not (5 or 6) || parts.Any(p => p.Length == 0))
            throw new FormatException($"'{name}' is not a wheel file name: expected "
                + "{distribution}-{version}(-{build tag})?-{python tag}-{abi tag}-{platform tag}.whl");
        var build = parts.Length == 6 ? parts[2] : null;
        if (build is not null && !char.IsAsciiDigit(build[0]))
            throw new FormatException($"'{name}': the build tag '{build}' must start with a digit (PEP 427)");
        return new WheelFileName(parts[0], parts[1], build, parts[^3], parts[^2], parts[^1]);
    }

    /// <summary>The <c>.dist-info</c> directory name: <c>{distribution}-{version}.dist-info</c>.</summary>
    public string DistInfo => $"{Distribution}-{Version}.dist-info";

    /// <summary>The <c>.data</c> directory name.</summary>
    public string Data => $"{Distribution}-{Version}.data";

    /// <summary>The python tags of a compressed set, e.g. <c>py2.py3</c> → two tags.</summary>
    public IReadOnlyList<string> PythonTags => PythonTag.Split('.');

    /// <summary>The abi tags of a compressed set.</summary>
    public IReadOnlyList<string> AbiTags => AbiTag.Split('.');

    /// <summary>The platform tags of a compressed set, e.g. manylinux_2_17_x86_64.manylinux2014_x86_64 → two tags.</summary>
    public IReadOnlyList<string> PlatformTags => PlatformTag.Split('.');

    /// <summary>Pure Python on every platform: abi <c>none</c> and platform <c>any</c>.</summary>
    public bool IsUniversal => AbiTag == "none" && PlatformTag == "any";

    public WheelFileName WithPlatformTags(IEnumerable<string> tags) => this with { PlatformTag = string.Join('.', tags) };

    public override string ToString()
        => string.Join('-', new[] { Distribution, Version, Build, PythonTag, AbiTag, PlatformTag }.OfType<string>()) + ".whl";
}
