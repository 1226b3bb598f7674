using DockerBuild.Packaging;
using DockerBuild.Platforms;
using DockerBuild.Sources;
using DockerBuild.Wheels;
using DockerBuild.Wheels.Abi3;

namespace DockerBuild.Uploads;

/// <summary>
/// Two selected platforms whose wheels land in the same CIPD package. CIPD has one platform name for all 32-bit ARM
/// (<c>linux-armv6l</c>), so <c>linux-armv6-py3.11</c> and <c>linux-armv7-py3.11</c> collide, as do two x86-64
/// platforms of one Python (<c>linux-x64-py3.11</c>, <c>manylinux2014-x64-py3.11</c>). Chromium avoids this by
/// building 32-bit ARM only as linux-armv6 (whose wheels also run on ARMv7 and later); here the run fails, naming
/// both platforms, before anything is registered.
/// </summary>
public static class PackageClashes
{
    /// <summary>Checks the (wheel, platform) pairs a run will produce; call it before building.</summary>
    /// <remarks>The pairs of one abi3 build (every CPython of an architecture) share a package by design: they are one producer.</remarks>
    public static void Check(IEnumerable<WheelPair> pairs) =>
        Check(pairs.Select(p => p.Build).Select(p => (p.Wheel.Name, p.Platform, p.Abi3?.Floor)));

    /// <summary>Checks (wheel name, platform) combinations; universal wheels are produced once and never clash.</summary>
    public static void Check(IEnumerable<(string WheelName, PlatformSpec Platform)> produced) =>
        Check(produced.Select(p => (p.WheelName, p.Platform, (Abi3Floor?)null)));

    private static void Check(IEnumerable<(string WheelName, PlatformSpec Platform, Abi3Floor? Abi3)> produced)
    {
        var clashes = produced
            .Where(p => p.Platform.Kind != PlatformKind.Universal)
            .DistinctBy(p => (SourceSpecReader.StoreName(p.WheelName), p.Platform.Name))
            .GroupBy(p => p.Abi3 is { } floor ? WheelPackageNames.Abi3(p.WheelName, p.Platform, floor) : WheelPackageNames.Binary(p.WheelName, p.Platform))
            .Where(g => g.Select(p => p.Platform.Name).Distinct().Count() > 1)
            .Select(g => Describe(g.Key, g.Select(p => p.Platform).DistinctBy(p => p.Name).ToList(), g.First().Abi3))
            .ToList();
        if (clashes.Count > 0)
            throw new UploadException(string.Join(Environment.NewLine, clashes));
    }

    private static string Describe(string package, IReadOnlyList<PlatformSpec> platforms, Abi3Floor? abi3)
    {
        var names = string.Join(" and ", platforms.Select(p => $"'{p.Name}'"));
        var cipd = platforms[0].CipdPlatform;
        var hint = cipd == "linux-armv6l"
            ? " (CIPD names every 32-bit ARM platform linux-armv6l; Chromium builds 32-bit ARM once, as linux-armv6, whose wheels also run on ARMv7 and later)"
            : "";
        return $"platforms {names} would both upload to CIPD package '{package}': they share cipd_platform '{cipd}', "
            + (abi3 is null ? $"python {platforms[0].Python} and abi {platforms[0].WheelAbi}" : $"and the abi3 floor {abi3}")
            + $"{hint}. Select only one of them with --platform.";
    }
}
