using DockerBuild.Tools.Elf;
using DockerBuild.Tools.PatchElf;
using DockerBuild.Wheels.Archive;

namespace DockerBuild.Wheels.Repair;

/// <summary>
/// Puts planned libraries into <c>&lt;pkg&gt;.libs/</c> under their hashed names and rewires every ELF file with
/// patchelf: DT_SONAME of each copy set to its new name, DT_NEEDED rewritten to the new names, and an
/// <c>$ORIGIN</c>-relative RPATH so the loader finds the copies wherever the wheel is installed. patchelf edits
/// foreign-architecture files, so this runs on the host for cross-built wheels.
/// </summary>
public sealed class LibraryGrafter(PatchElfCli patchElf)
{
    /// <summary>Returns the wheel with patched ELF files and the grafted copies added.</summary>
    public async Task<WheelContents> GraftAsync(WheelContents wheel, IReadOnlyList<(string Name, ElfFile Elf)> elfFiles,
        IReadOnlyList<GraftedLibrary> grafts, string workDirectory, CancellationToken cancellationToken = default)
    {
        if (grafts.Count == 0) return wheel;
        var renames = grafts.ToDictionary(g => g.SoName, g => g.GraftedName, StringComparer.Ordinal);
        var libsDirectory = LibsDirectory(wheel.Name);

        var work = new List<(string ArchivePath, string DiskPath, ElfFile Elf, bool IsGraft)>();
        foreach (var (name, elf) in elfFiles)
        {
            if (!elf.Needed.Any(renames.ContainsKey)) continue;
            var disk = Path.Combine(workDirectory, "wheel", name);
            Directory.CreateDirectory(Path.GetDirectoryName(disk)!);
            await File.WriteAllBytesAsync(disk, wheel.Find(name)!.Content, cancellationToken);
            work.Add((name, disk, elf, false));
        }
        foreach (var graft in grafts)
        {
            var archivePath = $"{libsDirectory}/{graft.GraftedName}";
            var disk = Path.Combine(workDirectory, "wheel", archivePath);
            Directory.CreateDirectory(Path.GetDirectoryName(disk)!);
            await File.WriteAllBytesAsync(disk, graft.Content, cancellationToken);
            await patchElf.SetSoNameAsync(disk, graft.GraftedName, cancellationToken);
            work.Add((archivePath, disk, graft.Elf, true));
        }

        foreach (var (archivePath, disk, elf, isGraft) in work)
        {
            var replacements = elf.Needed.Where(renames.ContainsKey).Select(n => (n, renames[n])).ToList();
            if (replacements.Count == 0) continue;
            await patchElf.ReplaceNeededAsync(disk, replacements, cancellationToken);
            var toLibs = isGraft ? "$ORIGIN" : "$ORIGIN/" + RelativeFromInstalledDirectory(wheel.Name, archivePath, libsDirectory);
            // Keep $ORIGIN entries the build set (they point inside the wheel); drop absolute build-machine paths.
            var kept = elf.RPath.Concat(elf.RunPath).Where(p => p.StartsWith("$ORIGIN", StringComparison.Ordinal) && p != toLibs);
            await patchElf.SetRPathAsync(disk, string.Join(':', new[] { toLibs }.Concat(kept).Distinct()), cancellationToken);
        }

        foreach (var (archivePath, disk, _, _) in work)
            wheel = wheel.With(new WheelEntry(archivePath, await File.ReadAllBytesAsync(disk, cancellationToken), Executable: true));
        return wheel;
    }

    /// <summary><c>{distribution}.libs</c>, at the root of site-packages (auditwheel's convention).</summary>
    public static string LibsDirectory(WheelFileName name) => $"{name.Distribution}.libs";

    /// <summary>
    /// The path from the directory an entry is installed in to the .libs directory. Entries under
    /// <c>{name}.data/purelib|platlib/</c> install at the site-packages root, like top-level entries.
    /// </summary>
    public static string RelativeFromInstalledDirectory(WheelFileName name, string archivePath, string libsDirectory)
    {
        var installed = archivePath;
        foreach (var scheme in new[] { "platlib", "purelib" })
        {
            var prefix = $"{name.Data}/{scheme}/";
            if (installed.StartsWith(prefix, StringComparison.Ordinal)) installed = installed[prefix.Length..];
        }
        var depth = installed.Count(c => c == '/');
        return string.Concat(Enumerable.Repeat("../", depth)) + libsDirectory;
    }
}
