using DockerBuild.Specs;
using DockerBuild.Graph;

namespace DockerBuild.Platforms;

/// <summary>
/// Every platform of the checkout, loaded from <c>platforms/*.yaml</c> and validated as a whole;
/// answers <c>--platform</c> selections.
/// </summary>
public sealed class PlatformCatalog
{
    private PlatformCatalog(IReadOnlyList<PlatformSpec> all) => All = all;

    /// <summary>All platforms, ordered by name.</summary>
    public IReadOnlyList<PlatformSpec> All { get; }

    /// <summary>Arch prefixes (<c>linux-arm64</c>) that select every Python variant of an architecture.</summary>
    public IReadOnlyList<string> ArchPrefixes =>
        All.Where(p => p.ArchPrefix != p.Name).Select(p => p.ArchPrefix).Distinct().Order(StringComparer.Ordinal).ToList();

    /// <summary>
    /// Loads and validates every <c>*.yaml</c> in <paramref name="platformsDirectory"/>.
    /// Throws <see cref="SpecException"/> listing every problem of every file.
    /// </summary>
    public static PlatformCatalog Load(string platformsDirectory)
    {
        var directory = Path.GetFullPath(platformsDirectory);
        var folderName = Path.GetFileName(directory.TrimEnd(Path.DirectorySeparatorChar));
        if (!Directory.Exists(directory))
            throw new SpecException(new SpecError(folderName, 1, 1, "",
                $"the platforms directory '{directory}' does not exist (expected one <name>.yaml per platform)"));

        var errors = new List<SpecError>();
        var platforms = new List<PlatformSpec>();
        foreach (var path in Directory.EnumerateFiles(directory).Order(StringComparer.Ordinal))
        {
            var display = $"{folderName}/{Path.GetFileName(path)}";
            if (path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
            {
                errors.Add(new SpecError(display, 1, 1, "", "platform files end in .yaml (valid: rename it to "
                    + Path.ChangeExtension(Path.GetFileName(path), ".yaml") + ")"));
                continue;
            }
            if (!path.EndsWith(".yaml", StringComparison.Ordinal))
                continue;

            // Names are unique without a check of their own: each must equal its file name and be lowercase.
            var file = YamlSpecFile.Load(path, display);
            if (PlatformFileReader.Read(file) is { } spec)
                platforms.Add(spec);
            errors.AddRange(file.Errors.Errors);
        }

        if (errors.Count > 0)
            throw new SpecException(SpecErrorList.Sorted(errors));
        if (platforms.Count == 0)
            throw new SpecException(new SpecError(folderName, 1, 1, "",
                $"no platform files in '{directory}' (expected one <name>.yaml per platform)"));
        return new PlatformCatalog(platforms.OrderBy(p => p.Name, StringComparer.Ordinal).ToList());
    }

    /// <summary>The platform with this exact name (case-insensitive), or null.</summary>
    public PlatformSpec? Find(string name) =>
        All.FirstOrDefault(p => p.Name.Equals(name, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// True when <paramref name="pattern"/> names <paramref name="platform"/> exactly or is its arch prefix
    /// (case-insensitive): how <c>--platform</c>, <c>only</c>, <c>skip</c> and <c>packaged</c> match.
    /// </summary>
    public static bool Matches(PlatformSpec platform, string pattern) =>
        platform.Name.Equals(pattern, StringComparison.OrdinalIgnoreCase)
        || platform.ArchPrefix.Equals(pattern, StringComparison.OrdinalIgnoreCase);

    /// <summary>True when the pattern matches at least one platform.</summary>
    public bool IsKnownPattern(string pattern) => All.Any(p => Matches(p, pattern));

    /// <summary>
    /// The platforms a <c>--platform</c> selection means: none given → the <c>default: true</c> ones; otherwise
    /// every platform matched by a pattern (exact name or arch prefix; comma-separated lists allowed), in catalog
    /// order without duplicates. Throws <see cref="SelectionException"/> naming unknown patterns and the known ones.
    /// </summary>
    public IReadOnlyList<PlatformSpec> Select(IReadOnlyList<string> patterns)
    {
        var words = patterns
            .SelectMany(p => p.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .ToList();
        if (words.Count == 0)
        {
            var defaults = All.Where(p => p.Default).ToList();
            return defaults.Count > 0
                ? defaults
                : throw new SelectionException(
                    $"No platform is marked 'default: true', so one must be chosen with --platform. {DescribeKnown()}");
        }

        var unknown = words.Where(w => !IsKnownPattern(w)).ToList();
        if (unknown.Count > 0)
            throw new SelectionException(string.Join("; ", unknown.Select(DescribeUnknown)) + ". " + DescribeKnown());
        return All.Where(p => words.Any(w => Matches(p, w))).ToList();
    }

    /// <summary>"unknown platform 'x' (did you mean 'y'?)", for messages about a pattern nothing matches.</summary>
    public string DescribeUnknown(string pattern)
    {
        var guess = ClosestMatch.Find(pattern, All.Select(p => p.Name).Concat(ArchPrefixes));
        return $"unknown platform '{pattern}'{(guess is null ? "" : $" (did you mean '{guess}'?)")}";
    }

    /// <summary>The list of valid names and arch prefixes, for error messages.</summary>
    public string DescribeKnown() =>
        $"Known platforms: {string.Join(", ", All.Select(p => p.Name))}. "
        + $"Arch prefixes (select every Python version): {string.Join(", ", ArchPrefixes)}.";
}
