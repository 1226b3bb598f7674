using DockerBuild.Tools.Elf;
using DockerBuild.Wheels.Policy;

namespace DockerBuild.Wheels.Repair;

/// <summary>
/// Decides which needed libraries must ship inside the wheel (not allowed by the policy at the platform's level,
/// listed to always graft, or an allowed library whose forbidden symbols are used) and finds each, with its own
/// needs, recursively, in the target's library directories. All unresolvable libraries are reported together.
/// </summary>
public static class GraftPlanner
{
    public static IReadOnlyList<GraftedLibrary> Plan(
        ManylinuxPolicy policy, int level, IReadOnlyList<(string Name, ElfFile Elf)> wheelFiles,
        IReadOnlyList<string> libraryDirectories, IReadOnlySet<string> alwaysGraft)
    {
        var inWheel = wheelFiles.SelectMany(f => new[] { Path.GetFileName(f.Name), f.Elf.SoName }).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var grafted = new Dictionary<string, GraftedLibrary>(StringComparer.Ordinal);
        var problems = new List<string>();
        var queue = new Queue<(string Name, ElfFile Elf)>(wheelFiles);
        while (queue.Count > 0)
        {
            var (name, elf) = queue.Dequeue();
            foreach (var needed in elf.Needed)
            {
                if (inWheel.Contains(needed)) continue;
                if (grafted.TryGetValue(needed, out var known))
                {
                    if (!known.NeededBy.Contains(name)) grafted[needed] = known with { NeededBy = [.. known.NeededBy, name] };
                    continue;
                }
                if (!MustGraft(policy, level, elf, needed, alwaysGraft, out var why)) continue;
                if (policy.IsSystemLibrary(needed))
                {
                    problems.Add($"{needed} (needed by {name}) {why}, but it is part of glibc and cannot be shipped in a wheel");
                    continue;
                }
                var found = Locate(needed, elf, libraryDirectories, out var lookProblem);
                if (found is null)
                {
                    problems.Add($"{needed} (needed by {name}) {why}, so it must be grafted, but {lookProblem}");
                    continue;
                }
                var library = new GraftedLibrary(needed, found.Value.Path, GraftedLibrary.HashedName(needed, found.Value.Content), [name])
                {
                    Elf = found.Value.Elf, Content = found.Value.Content,
                };
                grafted[needed] = library;
                queue.Enqueue((needed, found.Value.Elf));
            }
        }
        if (problems.Count > 0)
            throw new WheelRepairException($"cannot make the wheel manylinux_2_{level}:{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", problems));
        return grafted.Values.OrderBy(g => g.SoName, StringComparer.Ordinal).ToList();
    }

    private static bool MustGraft(ManylinuxPolicy policy, int level, ElfFile elf, string needed, IReadOnlySet<string> alwaysGraft, out string why)
    {
        if (alwaysGraft.Contains(needed)) { why = "is listed to always be grafted"; return true; }
        if (!policy.IsAllowed(needed, level))
        {
            why = policy.AllowedSince(needed) is { } since ? $"is allowed only from manylinux_2_{since}" : "is not among the libraries manylinux allows";
            return true;
        }
        var forbidden = policy.ForbiddenSymbols(needed);
        var used = elf.ImportedSymbols.Where(s => s.Library == needed).Select(s => s.Name).Concat(elf.UnversionedImports)
            .Where(forbidden.Contains).Distinct().ToList();
        why = used.Count > 0 ? $"is used through symbols that differ between distributions ({string.Join(", ", used)})" : "";
        return used.Count > 0;
    }

    private static (string Path, byte[] Content, ElfFile Elf)? Locate(string soname, ElfFile neededBy, IReadOnlyList<string> directories, out string problem)
    {
        if (directories.Count == 0)
        {
            problem = "no target library directory was given to look for it";
            return null;
        }
        var mismatches = new List<string>();
        foreach (var directory in directories)
        {
            var candidate = Path.Combine(directory, soname);
            if (!File.Exists(candidate)) continue;
            var content = File.ReadAllBytes(candidate); // follows symlinks (libz.so.1 → libz.so.1.2.13)
            ElfFile elf;
            try { elf = ElfReader.Read(candidate, content); }
            catch (ElfFormatException e) { mismatches.Add(e.Message); continue; }
            if (elf.Machine == neededBy.Machine && elf.Is64Bit == neededBy.Is64Bit && elf.IsBigEndian == neededBy.IsBigEndian)
            {
                problem = "";
                return (candidate, content, elf);
            }
            mismatches.Add($"{candidate} is {elf.UnameMachine ?? $"machine {elf.Machine}"}, not {neededBy.UnameMachine ?? $"machine {neededBy.Machine}"}");
        }
        problem = mismatches.Count > 0
            ? "no matching copy was found: " + string.Join("; ", mismatches)
            : $"it was not found in {string.Join(", ", directories)}";
        return null;
    }
}
