using DockerBuild.Platforms;
using DockerBuild.Sources;
using DockerBuild.Specs;
using DockerBuild.Wheels.Abi3;
using DockerBuild.Graph;

namespace DockerBuild.Wheels;

/// <summary>
/// Every wheel spec of the checkout, loaded from <c>wheels/*.yaml</c> and validated against the platform
/// catalog; answers <c>--wheel</c> selections and which platforms each wheel is produced for.
/// </summary>
public sealed class WheelCatalog
{
    private WheelCatalog(IReadOnlyList<WheelSpec> all) => All = all;

    /// <summary>All wheels, in file-name order and then declaration order.</summary>
    public IReadOnlyList<WheelSpec> All { get; }

    /// <summary>
    /// Loads and validates every <c>*.yaml</c> directly in <paramref name="wheelsDirectory"/> (patches are looked up
    /// in its <c>patches/</c> folder). Throws <see cref="SpecException"/> listing every problem of every file.
    /// </summary>
    /// <param name="pinSources">A url, pypi or github source may come without its sha256, which the Sources step then writes in.</param>
    public static WheelCatalog Load(string wheelsDirectory, PlatformCatalog platforms, bool pinSources = false)
    {
        var directory = Path.GetFullPath(wheelsDirectory);
        var folderName = Path.GetFileName(directory.TrimEnd(Path.DirectorySeparatorChar));
        if (!Directory.Exists(directory))
            throw new SpecException(new SpecError(folderName, 1, 1, "",
                $"the wheels directory '{directory}' does not exist (expected *.yaml files with a 'wheels:' list)"));
        var patches = Path.Combine(directory, "patches");

        var errors = new List<SpecError>();
        var wheels = new List<WheelSpec>();
        foreach (var path in Directory.EnumerateFiles(directory).Order(StringComparer.Ordinal))
        {
            var display = $"{folderName}/{Path.GetFileName(path)}";
            if (path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
            {
                errors.Add(new SpecError(display, 1, 1, "", "wheel files end in .yaml (valid: rename it to "
                    + Path.ChangeExtension(Path.GetFileName(path), ".yaml") + ")"));
                continue;
            }
            if (!path.EndsWith(".yaml", StringComparison.Ordinal))
                continue;

            var file = YamlSpecFile.Load(path, display);
            foreach (var (spec, at) in WheelFileReader.Read(file, patches, platforms, pinSources))
            {
                if (wheels.FirstOrDefault(w => SameId(w, spec)) is { } twin)
                    file.Errors.Add(at, "name", $"'{spec.Id}' is already declared at {twin.DeclaredAt} (valid: one spec per name==version)");
                else
                    wheels.Add(spec);
            }
            errors.AddRange(file.Errors.Errors);
        }

        errors.AddRange(RequirementCycles(wheels));
        if (errors.Count > 0)
            throw new SpecException(SpecErrorList.Sorted(errors));
        return new WheelCatalog(wheels);
    }

    /// <summary>The spec a build requirement names (same normalised name and version), or null when it comes from elsewhere.</summary>
    public WheelSpec? SpecFor(BuildRequirement requirement) => SpecFor(All, requirement);

    private static WheelSpec? SpecFor(IEnumerable<WheelSpec> wheels, BuildRequirement requirement) =>
        wheels.FirstOrDefault(w => BuildRequirement.Normalise(w.Name) == requirement.Key && w.Version == requirement.Version);

    /// <summary>A spec that needs itself built first, through other specs' build_requires, can never be built.</summary>
    private static IEnumerable<SpecError> RequirementCycles(IReadOnlyList<WheelSpec> wheels)
    {
        foreach (var start in wheels)
        {
            var path = new List<WheelSpec> { start };
            if (Reaches(start, start, path, wheels, new HashSet<WheelSpec>()))
            {
                var at = start.DeclaredAt.Split(':');
                var (line, column) = (at.Length >= 3 ? at[^2] : "1", at.Length >= 3 ? at[^1] : "1");
                yield return new SpecError(string.Join(':', at[..Math.Max(1, at.Length - 2)]), int.Parse(line, System.Globalization.CultureInfo.InvariantCulture),
                    int.Parse(column, System.Globalization.CultureInfo.InvariantCulture), "build_requires",
                    $"build requirements go round in a circle: {string.Join(" → ", path.Select(w => w.Id))} (valid: a build tool that does not need the wheel it builds)");
                yield break;
            }
        }
    }

    private static bool Reaches(WheelSpec from, WheelSpec target, List<WheelSpec> path, IReadOnlyList<WheelSpec> wheels, HashSet<WheelSpec> seen)
    {
        foreach (var next in from.BuildRequires.Select(r => SpecFor(wheels, r)).OfType<WheelSpec>())
        {
            path.Add(next);
            if (next == target || (seen.Add(next) && Reaches(next, target, path, wheels, seen))) return true;
            path.RemoveAt(path.Count - 1);
        }
        return false;
    }

    /// <summary>
    /// The wheels a <c>--wheel</c> selection means: none → all; <c>name</c> → every version of it;
    /// <c>name==version</c> → that one (names compared PEP 503-normalised). Unknown → <see cref="SelectionException"/>.
    /// </summary>
    public IReadOnlyList<WheelSpec> Select(IReadOnlyList<string> patterns)
    {
        var words = patterns
            .SelectMany(p => p.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .ToList();
        if (words.Count == 0)
            return All;

        var unknown = words.Where(w => !All.Any(s => Matches(s, w))).ToList();
        if (unknown.Count > 0)
        {
            var known = All.Select(w => w.Id).ToList();
            var described = unknown.Select(u =>
            {
                var guess = ClosestMatch.Find(u, known.Concat(All.Select(w => w.Name)).Distinct());
                return $"unknown wheel '{u}'{(guess is null ? "" : $" (did you mean '{guess}'?)")}";
            });
            throw new SelectionException($"{string.Join("; ", described)}. Known wheels (select by name or name==version): "
                + string.Join(", ", known) + ".");
        }
        return All.Where(s => words.Any(w => Matches(s, w))).ToList();
    }

    /// <summary>
    /// The (wheel, platform) pairs to produce, wheel-major in the given orders. A platform is used when the wheel's
    /// <c>only</c> (if any) matches it, no <c>skip</c> matches it, and the kind fits: pure-Python wheels → the
    /// <c>universal</c> platform; Prebuilt → Linux and prebuilt-only platforms (downloaded); SourceOrPrebuilt → Linux
    /// (built, or downloaded where <c>packaged</c> matches) and prebuilt-only (downloaded); Local → Linux (built).
    /// </summary>
    /// <param name="catalogue">Every platform of the checkout: an abi3 wheel's build and verification platforms are chosen from
    /// it (default: <paramref name="platforms"/>). A platform whose CPython is below an abi3 wheel's floor gets no pair.</param>
    public static IReadOnlyList<WheelPair> Pairs(IReadOnlyList<WheelSpec> wheels, IReadOnlyList<PlatformSpec> platforms,
        IReadOnlyList<PlatformSpec>? catalogue = null)
    {
        var pairs = new List<WheelPair>();
        foreach (var wheel in wheels)
        {
            foreach (var platform in platforms)
            {
                if (wheel.OnlyPlatforms.Count > 0 && !wheel.OnlyPlatforms.Any(p => PlatformCatalog.Matches(platform, p)))
                    continue;
                if (wheel.SkipPlatforms.Any(p => PlatformCatalog.Matches(platform, p)))
                    continue;
                if (Produce(wheel, platform) is not { } published)
                    continue;
                if (wheel.Abi3 is not { } floor)
                    pairs.Add(new WheelPair(wheel, platform, published));
                else if (Abi3Build.For(floor, platform, catalogue ?? platforms, wheel.OnlyPlatforms, wheel.SkipPlatforms) is { } abi3)
                    pairs.Add(new WheelPair(wheel, platform, published) { Abi3 = abi3 });
            }
        }
        return pairs;
    }

    /// <summary>Null when the wheel is not produced on the platform; otherwise whether it is the published wheel.</summary>
    private static bool? Produce(WheelSpec wheel, PlatformSpec platform)
    {
        if (wheel.PurePython)
            return platform.Kind == PlatformKind.Universal ? wheel.Kind == WheelKind.Universal : null;
        return (wheel.Kind, platform.Kind) switch
        {
            (WheelKind.Prebuilt, PlatformKind.Linux or PlatformKind.PrebuiltOnly) => true,
            (WheelKind.SourceOrPrebuilt, PlatformKind.PrebuiltOnly) => true,
            (WheelKind.SourceOrPrebuilt, PlatformKind.Linux) => wheel.PackagedPlatforms.Any(p => PlatformCatalog.Matches(platform, p)),
            (WheelKind.Local, PlatformKind.Linux) => false,
            _ => null,
        };
    }

    private static bool Matches(WheelSpec spec, string pattern)
    {
        var cut = pattern.IndexOf("==", StringComparison.Ordinal);
        var name = cut < 0 ? pattern : pattern[..cut];
        var sameName = SourceSpecReader.StoreName(name) == SourceSpecReader.StoreName(spec.Name);
        return cut < 0 ? sameName : sameName && pattern[(cut + 2)..] == spec.Version;
    }

    private static bool SameId(WheelSpec a, WheelSpec b) =>
        SourceSpecReader.StoreName(a.Name) == SourceSpecReader.StoreName(b.Name) && a.Version == b.Version;
}
