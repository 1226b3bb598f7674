namespace DockerBuild.Packaging;

/// <summary>
/// The parts of a wheel file name (PEP 427): <c>{distribution}-{version}(-{build})?-{python}-{abi}-{platform}.whl</c>,
/// each tag part possibly a dot-separated set (<c>py2.py3</c>, <c>manylinux_2_17_x86_64.manylinux2014_x86_64</c>).
/// </summary>
public sealed record WheelFileName(string Distribution, string Version, string? BuildTag,
    IReadOnlyList<string> PythonTags, IReadOnlyList<string> AbiTags, IReadOnlyList<string> PlatformTags)
{
    /// <summary>Parses a file name (directory parts are ignored); a clear error names the file and the expected form.</summary>
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
        return new WheelFileName(parts[0], parts[1], build,
            parts[^3].Split('.'), parts[^2].Split('.'), parts[^1].Split('.'));
    }

    /// <summary>Pure Python on every platform: abi <c>none</c> and platform <c>any</c>.</summary>
    public bool IsUniversal => AbiTags.SequenceEqual(["none"]) && PlatformTags.SequenceEqual(["any"]);

    /// <summary>The python tag part as written, e.g. <c>py2.py3</c>.</summary>
    public string PythonTag => string.Join('.', PythonTags);
}
