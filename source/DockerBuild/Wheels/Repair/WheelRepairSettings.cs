using DockerBuild.Platforms;
using DockerBuild.Wheels.Policy;

namespace DockerBuild.Wheels.Repair;

/// <summary>How <see cref="WheelRepair"/> checks, repairs and normalises a built wheel.</summary>
public sealed record WheelRepairSettings
{
    /// <summary>The platform the wheel was built for; its first <c>wheel_plat</c> entry is the highest tag allowed.</summary>
    public required PlatformSpec Platform { get; init; }
    /// <summary>Directories holding the target's libraries, searched in order for libraries to graft (e.g. an image's /usr/lib/aarch64-linux-gnu copied out, or a sysroot).</summary>
    public IReadOnlyList<string> SysrootLibraryDirectories { get; init; } = [];
    /// <summary>SOURCE_DATE_EPOCH for the archive timestamps (clamped to 1980-01-01); null means 1980-01-01.</summary>
    public long? SourceDateEpoch { get; init; }
    /// <summary>Where the repaired wheel is written.</summary>
    public required string OutputDirectory { get; init; }
    /// <summary>Decisions and patchelf calls are appended here when set.</summary>
    public string? LogFile { get; init; }
    /// <summary>Libraries grafted even though the policy allows linking them (e.g. libz.so.1, which PEPs 513–599 did not allow).</summary>
    public IReadOnlySet<string> AlwaysGraft { get; init; } = new HashSet<string>();
    public ManylinuxPolicy Policy { get; init; } = ManylinuxPolicy.Default;
    /// <summary>The patchelf executable; found on PATH when null.</summary>
    public string? PatchElf { get; init; }
}

/// <summary>The outcome of a repair: the wheel written and what was decided about it.</summary>
public sealed record RepairedWheel
{
    public required string Path { get; init; }
    /// <summary>Lowercase hex sha256 of the written file.</summary>
    public required string Sha256 { get; init; }
    /// <summary>The platform tag set of the file name, e.g. <c>manylinux_2_17_x86_64.manylinux2014_x86_64</c>.</summary>
    public required string Tag { get; init; }
    public required IReadOnlyList<string> PlatformTags { get; init; }
    public required IReadOnlyList<GraftedLibrary> Grafted { get; init; }
    /// <summary>Libraries the wheel's own ELF files need (before grafting), sorted.</summary>
    public required IReadOnlyList<string> NeededLibraries { get; init; }
    /// <summary>The highest GLIBC version any ELF file (including grafted ones) requires; null for pure wheels.</summary>
    public Version? MaxGlibc { get; init; }
    /// <summary>Why the level is what it is (null for pure or linux_* wheels).</summary>
    public LevelRequirement? Level { get; init; }
}
