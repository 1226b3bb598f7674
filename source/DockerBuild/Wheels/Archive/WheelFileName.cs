namespace DockerBuild.Wheels.Archive;

/// <summary>
/// The parts of a wheel file name (PEP 427/491): <c>{distribution}-{version}(-{build})?-{python}-{abi}-{platform}.whl</c>.
/// A part may hold several tags joined by '.' (compressed tag sets).
/// </summary>
public sealed record WheelFileName(string Distribution, string Version, string? Build, string PythonTag, string AbiTag, string PlatformTag)
{
    public static WheelFileName Parse(string fileName)
    {
        var name = Path.GetFileName(fileName);
        if (!name.EndsWith(".whl", StringComparison.Ordinal))
            throw new ArgumentException($"'{name}' is not a wheel file name: it must end with .whl");
        var parts = name[..^4].Split('-');
        if (parts.Length is not (5 or 6) || parts.Any(p => p.Length == 0))
            throw new ArgumentException($"'{name}' is not a wheel file name: expected {{distribution}}-{{version}}(-{{build}})?-{{python}}-{{abi}}-{{platform}}.whl");
        return parts.Length == 5
            ? new WheelFileName(parts[0], parts[1], null, parts[2], parts[3], parts[4])
            : new WheelFileName(parts[0], parts[1], parts[2], parts[3], parts[4], parts[5]);
    }

    /// <summary>The <c>.dist-info</c> directory name: <c>{distribution}-{version}.dist-info</c>.</summary>
    public string DistInfo => $"{Distribution}-{Version}.dist-info";

    /// <summary>The <c>.data</c> directory name.</summary>
    public string Data => $"{Distribution}-{Version}.data";

    /// <summary>The platform tags of a compressed set, e.g. manylinux_2_17_x86_64.manylinux2014_x86_64 → two tags.</summary>
    public IReadOnlyList<string> PlatformTags => PlatformTag.Split('.');

    public WheelFileName WithPlatformTags(IEnumerable<string> tags) => this with { PlatformTag = string.Join('.', tags) };

    public override string ToString()
        => string.Join('-', new[] { Distribution, Version, Build, PythonTag, AbiTag, PlatformTag }.OfType<string>()) + ".whl";
}
