using DockerBuild.Tools.Elf;

namespace DockerBuild.Wheels.Policy;

/// <summary>The level a set of ELF files needs, and the requirement that set it (for messages and logs).</summary>
public sealed record LevelRequirement(int Level, string File, string Reason)
{
    /// <summary>The symbol version that set the level (e.g. GLIBC_2.34), when a version did.</summary>
    public string? Version { get; init; }

    public override string ToString() => $"manylinux_2_{Level}: {File} {Reason}";
}

/// <summary>
/// Computes the lowest manylinux level a wheel's ELF files satisfy: the highest GLIBC version they require, the level
/// whose limits cover the GLIBCXX/CXXABI/GCC/ZLIB versions they require, the level from which each linked library is
/// allowed, and never below the architecture's first level. Versions required from grafted libraries do not count
/// (they ship with the wheel); the grafted libraries' own requirements do, so pass them in too.
/// </summary>
public static class ManylinuxLevel
{
    public static LevelRequirement Required(ManylinuxPolicy policy, string architecture, IEnumerable<(string Name, ElfFile Elf)> files, IReadOnlySet<string> graftedSonames)
    {
        var required = new LevelRequirement(policy.MinimumLevel(architecture), "(architecture)", $"is the first level for {architecture}");
        foreach (var (name, elf) in files)
        {
            foreach (var (library, version) in elf.AllRequiredVersions)
            {
                if (graftedSonames.Contains(library)) continue;
                var level = policy.LevelFor(version)
                    ?? throw new ManylinuxPolicyException($"{name} requires {version} from {library}; no manylinux level provides private glibc symbols");
                if (level > required.Level) required = new LevelRequirement(level, name, $"requires {version} from {library}") { Version = version };
            }
            foreach (var library in elf.Needed)
            {
                if (graftedSonames.Contains(library)) continue;
                if (policy.AllowedSince(library) is { } since && since > required.Level)
                    required = new LevelRequirement(since, name, $"links {library}, allowed from manylinux_2_{since}");
            }
        }
        return required;
    }
}
