using DockerBuild.Platforms;
using DockerBuild.Tools.Elf;
using DockerBuild.Tools.PatchElf;
using DockerBuild.Wheels.Archive;
using DockerBuild.Wheels.Policy;

namespace DockerBuild.Wheels.Repair;

/// <summary>
/// The host-side half of BuildWheel after the compiler ran: verify the built wheel, check its ELF files against the
/// platform (architecture, ARM float ABI), graft libraries the manylinux policy does not allow, decide the lowest
/// manylinux_2_N tag its symbol versions satisfy (never above the platform's first wheel_plat tag), retag it and
/// write it byte-reproducibly. Works for any target architecture: nothing here runs target code.
/// </summary>
public static class WheelRepair
{
    /// <summary>Repairs <paramref name="builtWheel"/> and writes the result into <see cref="WheelRepairSettings.OutputDirectory"/>.</summary>
    /// <exception cref="Archive.WheelArchiveException">The built wheel is unreadable, its RECORD lies or an entry escapes.</exception>
    /// <exception cref="WheelRepairException">The wheel cannot satisfy the platform: wrong architecture or float ABI, a level above the platform's, private glibc symbols, a library to graft that the sysroot lacks.</exception>
    /// <exception cref="InvalidOperationException">patchelf is missing or failed.</exception>
    public static async Task<RepairedWheel> RepairAsync(string builtWheel, WheelRepairSettings settings, CancellationToken cancellationToken = default)
    {
        var log = new RepairLog(settings.LogFile);
        var wheel = WheelArchiveReader.Read(builtWheel);
        log.Write($"repairing {builtWheel} for platform {settings.Platform.Name}");
        var elfFiles = wheel.Entries.Where(e => ElfReader.IsElfMagic(e.Content))
            .Select(e => (Name: e.Path, Elf: ReadElf(builtWheel, e)))
            .OrderBy(e => e.Name, StringComparer.Ordinal).ToList();
        var needed = elfFiles.SelectMany(f => f.Elf.Needed).Distinct().Order(StringComparer.Ordinal).ToList();

        if (elfFiles.Count == 0)
        {
            log.Write("no ELF files: normalised without retagging");
            var pure = WheelNormaliser.Normalise(wheel, new WheelNormaliseSettings { OutputDirectory = settings.OutputDirectory, SourceDateEpoch = settings.SourceDateEpoch });
            return Result(pure, [], needed, null, null);
        }

        var platformTag = TargetTag(settings.Platform, settings.Policy);
        foreach (var (name, elf) in elfFiles) CheckArchitecture(settings.Platform, platformTag, name, elf);

        if (!platformTag.IsManylinux)
        {
            log.Write($"platform tag {platformTag} promises no compatibility: no grafting, tagged as the platform says");
            var plain = WheelNormaliser.Normalise(wheel, new WheelNormaliseSettings
            {
                OutputDirectory = settings.OutputDirectory, SourceDateEpoch = settings.SourceDateEpoch, PlatformTags = [platformTag.ToString()],
            });
            return Result(plain, [], needed, MaxGlibc(elfFiles), null);
        }

        var maximum = platformTag.Level!.Value;
        var grafts = GraftPlanner.Plan(settings.Policy, maximum, elfFiles, settings.SysrootLibraryDirectories, settings.AlwaysGraft);
        foreach (var graft in grafts) log.Write($"graft {graft.SoName} from {graft.SourcePath} as {graft.GraftedName} (needed by {string.Join(", ", graft.NeededBy)})");
        var everything = elfFiles.Concat(grafts.Select(g => (Name: g.SoName, g.Elf))).ToList();
        LevelRequirement level;
        try { level = ManylinuxLevel.Required(settings.Policy, platformTag.Architecture, everything, grafts.Select(g => g.SoName).ToHashSet(StringComparer.Ordinal)); }
        catch (ManylinuxPolicyException e) { throw new WheelRepairException($"{Path.GetFileName(builtWheel)}: {e.Message}"); }
        log.Write($"level {level}");
        if (level.Level > maximum)
            throw new WheelRepairException($"{Path.GetFileName(builtWheel)} cannot be tagged for platform {settings.Platform.Name}: {level.File} {level.Reason}{SymbolsOf(level, everything)}, "
                + $"which needs manylinux_2_{level.Level}, but the platform allows at most {platformTag} ({settings.Platform.SourceFile}). "
                + (settings.Platform.GlibcFloor is { } floor
                    ? $"The platform links against its glibc floor ({floor.Name}, glibc {floor.Glibc}), so what needs more comes from elsewhere "
                      + "(a grafted library, a static library of the newer suite): rebuild that against the floor, or leave glibc_floor out."
                    : "Build it on an older glibc, or raise the platform's first wheel_plat tag."));

        var tags = new[] { $"manylinux_2_{level.Level}_{platformTag.Architecture}" }
            .Concat(settings.Policy.LegacyAliases(platformTag.Architecture, level.Level)).ToList();
        log.Write($"tags {string.Join('.', tags)}");

        var work = Directory.CreateTempSubdirectory("dockerbuild-repair-");
        try
        {
            var repaired = grafts.Count == 0 ? wheel
                : await new LibraryGrafter(settings.PatchElf is { } patchElf ? new PatchElfCli(patchElf, settings.LogFile) : PatchElfCli.FromPath(settings.LogFile))
                    .GraftAsync(wheel, elfFiles, grafts, work.FullName, cancellationToken);
            var written = WheelNormaliser.Normalise(repaired, new WheelNormaliseSettings
            {
                OutputDirectory = settings.OutputDirectory, SourceDateEpoch = settings.SourceDateEpoch, PlatformTags = tags,
            });
            log.Write($"wrote {written.Path} sha256 {written.Sha256}");
            return Result(written, grafts, needed, MaxGlibc(everything), level);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    /// <summary>The highest tag the platform allows: its first wheel_plat entry.</summary>
    public static PlatformTag TargetTag(PlatformSpec platform, ManylinuxPolicy policy)
    {
        if (platform.Kind != PlatformKind.Linux || platform.WheelPlat.Count == 0)
            throw new WheelRepairException($"platform {platform.Name} is not a Linux build platform; only wheels built for Linux platforms are repaired");
        try { return PlatformTag.Parse(platform.WheelPlat[0], policy); }
        catch (ArgumentException e) { throw new WheelRepairException($"platform {platform.Name} ({platform.SourceFile}): wheel_plat[0] {e.Message}"); }
    }

    /// <summary>The symbols bound to the version that set the level, e.g. " (pthread_create, pthread_join)", for the message.</summary>
    private static string SymbolsOf(LevelRequirement level, IEnumerable<(string Name, ElfFile Elf)> files)
    {
        if (level.Version is null) return "";
        var symbols = files.Where(f => f.Name == level.File).SelectMany(f => f.Elf.ImportedSymbols)
            .Where(s => s.Version == level.Version).Select(s => s.Name).Distinct().Order(StringComparer.Ordinal).ToList();
        return symbols.Count == 0 ? "" : $" ({string.Join(", ", symbols.Take(5))}{(symbols.Count > 5 ? ", …" : "")})";
    }

    private static void CheckArchitecture(PlatformSpec platform, PlatformTag tag, string name, ElfFile elf)
    {
        var arch = elf.UnameMachine ?? $"machine {elf.Machine}";
        var matches = arch == tag.Architecture || (elf.Machine == (ushort)ElfMachine.Arm && tag.Architecture.StartsWith("armv", StringComparison.Ordinal));
        if (!matches)
            throw new WheelRepairException($"{name} is {arch} ({(elf.Is64Bit ? 64 : 32)}-bit), but platform {platform.Name} builds {tag.Architecture} wheels; was the target compiler ({platform.Env.GetValueOrDefault("CC", "CC")}) used?");
        if (elf.Machine == (ushort)ElfMachine.Arm && platform.CrossTriple is { } triple)
        {
            var wantHard = triple.EndsWith("eabihf", StringComparison.Ordinal);
            if (wantHard && elf.ArmFloatAbi == ArmFloatAbi.Soft || !wantHard && elf.ArmFloatAbi == ArmFloatAbi.Hard)
                throw new WheelRepairException($"{name} uses the {elf.ArmFloatAbi.ToString().ToLowerInvariant()}-float ABI, but platform {platform.Name} targets {triple}");
        }
    }

    private static ElfFile ReadElf(string wheel, WheelEntry entry)
    {
        try { return ElfReader.Read($"{wheel}!{entry.Path}", entry.Content); }
        catch (ElfFormatException e) { throw new WheelRepairException(e.Message); }
    }

    private static Version? MaxGlibc(IEnumerable<(string Name, ElfFile Elf)> files)
        => files.Select(f => f.Elf.HighestGlibc).OfType<Version>().DefaultIfEmpty().Max();

    private static RepairedWheel Result(NormalisedWheel written, IReadOnlyList<GraftedLibrary> grafts, IReadOnlyList<string> needed, Version? glibc, LevelRequirement? level)
        => new()
        {
            Path = written.Path, Sha256 = written.Sha256, Tag = written.Name.PlatformTag, PlatformTags = written.Name.PlatformTags,
            Grafted = grafts, NeededLibraries = needed, MaxGlibc = glibc, Level = level,
        };

    private sealed class RepairLog(string? file)
    {
        public void Write(string line)
        {
            if (file is null) return;
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
            File.AppendAllText(file, $"[wheel-repair] {line}{Environment.NewLine}");
        }
    }
}
