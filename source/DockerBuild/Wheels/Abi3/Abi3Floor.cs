using System.Globalization;
using System.Text.RegularExpressions;
using DockerBuild.Wheels.Archive;

namespace DockerBuild.Wheels.Abi3;

/// <summary>
/// The oldest CPython an abi3 wheel runs on, as its python tag spells it (<c>cp39</c>): the limited API of that version
/// is all the wheel may use, and every later CPython loads it.
/// </summary>
public sealed partial record Abi3Floor(int Major, int Minor) : IComparable<Abi3Floor>
{
    /// <summary>The python tag, e.g. <c>cp39</c>.</summary>
    public string Tag => $"cp{Major}{Minor}";

    /// <summary>The value of <c>Py_LIMITED_API</c> that selects this version's limited API, e.g. <c>0x03090000</c>.</summary>
    public string LimitedApiHex => $"0x{Major:X2}{Minor:X2}0000";

    /// <summary>True when a platform's CPython (<c>"3.11"</c>) loads wheels of this floor.</summary>
    public bool Admits(string python) =>
        Version.TryParse(python, out var version) && (version.Major, version.Minor).CompareTo((Major, Minor)) >= 0;

    /// <summary>Parses <c>cp39</c>, <c>cp310</c> …; null for anything else (CPython 2 had no stable ABI).</summary>
    public static Abi3Floor? TryParse(string text)
    {
        var match = Pattern().Match(text);
        return match.Success ? new Abi3Floor(3, int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture)) : null;
    }

    /// <summary>The floor of a wheel whose tags are <c>cp3X-abi3</c>; null for any other wheel.</summary>
    public static Abi3Floor? OfWheel(string wheelFile)
    {
        WheelFileName name;
        try { name = WheelFileName.Parse(wheelFile); }
        catch (FormatException) { return null; }
        return name.AbiTag == "abi3" ? TryParse(name.PythonTag) : null;
    }

    public int CompareTo(Abi3Floor? other) => other is null ? 1 : (Major, Minor).CompareTo((other.Major, other.Minor));

    public override string ToString() => Tag;

    [GeneratedRegex(@"^cp3(\d{1,2})$")]
    private static partial Regex Pattern();
}
