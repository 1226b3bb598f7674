using System.Text.Json;
using DockerBuild.Tools.Elf;
using DockerBuild.Tools.IO;

namespace DockerBuild.Wheels.Policy;

/// <summary>
/// The PEP 600 manylinux rules as data (<c>manylinux-policy.json</c>, embedded): which libraries a wheel may link
/// without shipping them, and the highest toolchain-runtime symbol versions each glibc level allows.
/// </summary>
public sealed class ManylinuxPolicy
{
    private readonly Dictionary<string, ArchitectureRules> _architectures;
    private readonly HashSet<string> _systemLibraries;
    private readonly Dictionary<string, AllowedLibrary> _allowed;
    private readonly List<(int Level, Dictionary<string, Version> Limits)> _levels;
    private readonly HashSet<string> _limitedFamilies;
    private readonly Dictionary<string, int> _unnumberedGlibc;

    private ManylinuxPolicy(JsonElement root)
    {
        _architectures = root.GetProperty("architectures").EnumerateObject().ToDictionary(
            a => a.Name,
            a => new ArchitectureRules(a.Value.GetProperty("minimum_level").GetInt32(),
                a.Value.GetProperty("legacy").EnumerateObject().ToDictionary(l => l.Name, l => l.Value.GetInt32())));
        _systemLibraries = root.GetProperty("system_libraries").EnumerateArray().Select(e => e.GetString()!).ToHashSet(StringComparer.Ordinal);
        _allowed = root.GetProperty("allowed_libraries").EnumerateArray().Select(e => new AllowedLibrary(
                e.GetProperty("soname").GetString()!,
                e.TryGetProperty("since", out var since) ? since.GetInt32() : 0,
                e.TryGetProperty("forbidden_symbols", out var forbidden) ? forbidden.EnumerateArray().Select(f => f.GetString()!).ToHashSet(StringComparer.Ordinal) : []))
            .ToDictionary(a => a.SoName, StringComparer.Ordinal);
        _levels = root.GetProperty("levels").EnumerateArray()
            .Select(l => (l.GetProperty("glibc").GetInt32(),
                l.GetProperty("limits").EnumerateObject().ToDictionary(p => p.Name, p => Version.Parse(Pad(p.Value.GetString()!)))))
            .OrderBy(l => l.Item1).ToList();
        _limitedFamilies = _levels.SelectMany(l => l.Limits.Keys).ToHashSet(StringComparer.Ordinal);
        _unnumberedGlibc = root.GetProperty("unnumbered_glibc_versions").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt32());
    }

    /// <summary>The policy shipped with DockerBuild.</summary>
    public static ManylinuxPolicy Default { get; } = LoadEmbedded();

    /// <summary>Architectures (as in platform tags) the policy knows.</summary>
    public IReadOnlyCollection<string> Architectures => _architectures.Keys;

    /// <summary>The lowest level the architecture has (17 for aarch64: no older glibc supports it).</summary>
    public int MinimumLevel(string architecture) => Rules(architecture).MinimumLevel;

    /// <summary>The pre-PEP 600 names of a level on an architecture, e.g. manylinux2014 for 17 on aarch64.</summary>
    public IEnumerable<string> LegacyAliases(string architecture, int level)
        => Rules(architecture).Legacy.Where(l => l.Value == level).Select(l => $"{l.Key}_{architecture}");

    /// <summary>The level a legacy tag name (manylinux1/2010/2014) stands for, or null when unknown.</summary>
    public int? LegacyLevel(string legacyName, string architecture)
        => _architectures.TryGetValue(architecture, out var rules) && rules.Legacy.TryGetValue(legacyName, out var level) ? level : null;

    /// <summary>Part of glibc or the dynamic loader: always present, never grafted.</summary>
    public bool IsSystemLibrary(string soname) => _systemLibraries.Contains(soname);

    /// <summary>A library the policy lets a wheel at <paramref name="level"/> link without shipping it.</summary>
    public bool IsAllowed(string soname, int level)
        => IsSystemLibrary(soname) || (_allowed.TryGetValue(soname, out var allowed) && allowed.Since <= level);

    /// <summary>The lowest level at which the library is allowed, or null when it never is.</summary>
    public int? AllowedSince(string soname)
        => IsSystemLibrary(soname) ? 0 : _allowed.TryGetValue(soname, out var allowed) ? allowed.Since : null;

    /// <summary>Symbols of an allowed library that differ between distributions and so force it to be grafted.</summary>
    public IReadOnlySet<string> ForbiddenSymbols(string soname)
        => _allowed.TryGetValue(soname, out var allowed) ? allowed.ForbiddenSymbols : new HashSet<string>();

    /// <summary>
    /// The lowest level that provides a required symbol version, or null when no level can (GLIBC_PRIVATE).
    /// Versions of families the policy does not limit (a library's own versions) need level 0.
    /// </summary>
    public int? LevelFor(string versionName)
    {
        if (_unnumberedGlibc.TryGetValue(versionName, out var unnumbered)) return unnumbered;
        if (!SymbolVersionName.TryParse(versionName, out var parsed)) return 0;
        if (versionName.StartsWith("GLIBC_", StringComparison.Ordinal))
            return parsed.Number is null ? null : parsed.Number.Major == 2 ? parsed.Number.Minor : int.MaxValue;
        if (parsed.Number is null) return 0;
        var family = BaseFamily(parsed.Family);
        if (!_limitedFamilies.Contains(family)) return 0;
        foreach (var (level, limits) in _levels)
            if (limits.TryGetValue(family, out var limit) && parsed.Number <= limit) return level;
        return int.MaxValue;
    }

    /// <summary>Sub-families share their parent's limits: GLIBCXX_LDBL_3.4.21 is limited like GLIBCXX_3.4.21.</summary>
    private string BaseFamily(string family)
    {
        foreach (var known in _limitedFamilies)
            if (family == known || family.StartsWith(known + "_", StringComparison.Ordinal)) return known;
        return family;
    }

    private ArchitectureRules Rules(string architecture)
        => _architectures.TryGetValue(architecture, out var rules) ? rules
            : throw new ArgumentException($"the manylinux policy has no architecture '{architecture}'; known: {string.Join(", ", _architectures.Keys)}", nameof(architecture));

    private static string Pad(string version) => version.Contains('.') ? version : version + ".0";

    /// <summary>A policy file of the same shape as the embedded one (to follow a newer allow list without a release).</summary>
    public static ManylinuxPolicy Load(string path)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            return new ManylinuxPolicy(document.RootElement);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or ArgumentException)
        {
            throw new InvalidDataException($"manylinux policy file '{path}' is not valid: {e.Message}. Its shape is that of manylinux-policy.json in the DockerBuild sources.", e);
        }
    }

    private static ManylinuxPolicy LoadEmbedded()
    {
        const string name = "DockerBuild.Wheels.Policy.manylinux-policy.json";
        using var document = JsonDocument.Parse(EmbeddedFile.ReadBytes(typeof(ManylinuxPolicy).Assembly, name));
        return new ManylinuxPolicy(document.RootElement);
    }

    private sealed record ArchitectureRules(int MinimumLevel, Dictionary<string, int> Legacy);

    private sealed record AllowedLibrary(string SoName, int Since, IReadOnlySet<string> ForbiddenSymbols);
}
