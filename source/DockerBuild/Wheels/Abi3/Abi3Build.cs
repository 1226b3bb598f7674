using DockerBuild.Platforms;

namespace DockerBuild.Wheels.Abi3;

/// <summary>
/// How an abi3 wheel is made for one architecture: built once, on <see cref="Builder"/> — the lowest CPython at or
/// above the floor that the catalogue has for the architecture, so its headers and its (oldest) C library are the ones
/// the wheel is made against — and verified on every platform of <see cref="Pythons"/>.
/// </summary>
public sealed record Abi3Build(Abi3Floor Floor, PlatformSpec Builder, IReadOnlyList<PlatformSpec> Pythons)
{
    /// <summary>
    /// The abi3 build for <paramref name="platform"/>'s architecture: the Linux platforms of the catalogue with that
    /// arch prefix whose CPython is at least <paramref name="floor"/> and which the spec's <paramref name="only"/> and
    /// <paramref name="skip"/> allow, lowest first. Null when there is none (the platform's own CPython is below the floor).
    /// </summary>
    public static Abi3Build? For(Abi3Floor floor, PlatformSpec platform, IEnumerable<PlatformSpec> catalogue, IReadOnlyList<string> only,
        IReadOnlyList<string> skip)
    {
        var pythons = catalogue.Append(platform).DistinctBy(p => p.Name)
            .Where(p => p.Kind == PlatformKind.Linux && p.ArchPrefix == platform.ArchPrefix && floor.Admits(p.Python))
            .Where(p => only.Count == 0 || only.Any(o => PlatformCatalog.Matches(p, o)))
            .Where(p => !skip.Any(s => PlatformCatalog.Matches(p, s)))
            .OrderBy(p => Version.Parse(p.Python)).ThenBy(p => p.Name, StringComparer.Ordinal)
            .ToList();
        return pythons.Count == 0 || !pythons.Contains(platform) ? null : new Abi3Build(floor, pythons[0], pythons);
    }

    /// <summary>The platform names, for messages and the build key.</summary>
    public override string ToString() => $"{Floor} built on {Builder.Name}, verified on {string.Join(", ", Pythons.Select(p => p.Name))}";
}
