namespace DockerBuild.Tools.Elf;

/// <summary>ELF machine numbers (e_machine) of the architectures wheels are built for.</summary>
public enum ElfMachine : ushort
{
    I386 = 3,
    Ppc = 20,
    Ppc64 = 21,
    S390 = 22,
    Arm = 40,
    X86_64 = 62,
    AArch64 = 183,
    RiscV = 243,
    LoongArch = 258,
}

/// <summary>The ARM EABI float-calling convention recorded in e_flags (meaningful for <see cref="ElfMachine.Arm"/> only).</summary>
public enum ArmFloatAbi
{
    NotArm,
    Unspecified,
    Soft,
    Hard,
}

/// <summary>One versioned symbol a file imports: its name, the version it binds to and the library providing that version.</summary>
public sealed record ImportedSymbol(string Name, string Version, string Library);

/// <summary>The versions a file requires from one needed library (one .gnu.version_r entry), e.g. libc.so.6 → GLIBC_2.17.</summary>
public sealed record VersionRequirement(string Library, IReadOnlyList<string> Versions);

/// <summary>What the dynamic linker needs to know about an ELF file, read by <see cref="ElfReader"/>.</summary>
public sealed record ElfFile
{
    public required string Path { get; init; }
    public required bool Is64Bit { get; init; }
    public required bool IsBigEndian { get; init; }
    /// <summary>The raw e_machine value; compare with <see cref="ElfMachine"/>.</summary>
    public required ushort Machine { get; init; }
    /// <summary>e_type: 2 executable, 3 shared object (or PIE).</summary>
    public required ushort Type { get; init; }
    public required uint Flags { get; init; }
    public required IReadOnlyList<string> Needed { get; init; }
    public string? SoName { get; init; }
    /// <summary>DT_RPATH entries split on ':'.</summary>
    public IReadOnlyList<string> RPath { get; init; } = [];
    /// <summary>DT_RUNPATH entries split on ':'.</summary>
    public IReadOnlyList<string> RunPath { get; init; } = [];
    public IReadOnlyList<VersionRequirement> VersionRequirements { get; init; } = [];
    /// <summary>Undefined dynamic symbols bound to a required version.</summary>
    public IReadOnlyList<ImportedSymbol> ImportedSymbols { get; init; } = [];
    /// <summary>Undefined dynamic symbols without a version (or bound to the base version).</summary>
    public IReadOnlyList<string> UnversionedImports { get; init; } = [];

    public ElfMachine? KnownMachine => Enum.IsDefined(typeof(ElfMachine), Machine) ? (ElfMachine)Machine : null;

    /// <summary>The float ABI of an ARM EABI file from EF_ARM_ABI_FLOAT_HARD/SOFT; NotArm for other machines.</summary>
    public ArmFloatAbi ArmFloatAbi => Machine != (ushort)ElfMachine.Arm ? ArmFloatAbi.NotArm
        : (Flags & 0x400) != 0 ? ArmFloatAbi.Hard
        : (Flags & 0x200) != 0 ? ArmFloatAbi.Soft
        : ArmFloatAbi.Unspecified;

    /// <summary>The ARM EABI version (e_flags bits 24–31), 0 when not ARM.</summary>
    public int ArmEabiVersion => Machine == (ushort)ElfMachine.Arm ? (int)(Flags >> 24) : 0;

    /// <summary>
    /// The <c>uname -m</c> name of the machine that runs this file (x86_64, i686, aarch64, armv7l, ppc64le, ppc64, s390x,
    /// riscv64, loongarch64) — also the architecture part of Linux wheel platform tags — or null when unknown.
    /// 32-bit ARM is reported as armv7l: the ELF header does not distinguish ARM architecture versions.
    /// </summary>
    public string? UnameMachine => (ElfMachine?)KnownMachine switch
    {
        ElfMachine.X86_64 when Is64Bit => "x86_64",
        ElfMachine.I386 => "i686",
        ElfMachine.AArch64 => "aarch64",
        ElfMachine.Arm => "armv7l",
        ElfMachine.Ppc64 => IsBigEndian ? "ppc64" : "ppc64le",
        ElfMachine.S390 when Is64Bit => "s390x",
        ElfMachine.RiscV when Is64Bit => "riscv64",
        ElfMachine.LoongArch when Is64Bit => "loongarch64",
        _ => null,
    };

    /// <summary>Every version required from any library, with that library, e.g. (libc.so.6, GLIBC_2.14).</summary>
    public IEnumerable<(string Library, string Version)> AllRequiredVersions
        => VersionRequirements.SelectMany(r => r.Versions.Select(v => (r.Library, v)));

    /// <summary>The highest GLIBC_x.y version required (GLIBC_PRIVATE and GLIBC_ABI_* are not numbered and not counted).</summary>
    public Version? HighestGlibc => AllRequiredVersions
        .Select(v => SymbolVersionName.TryParse(v.Version, out var parsed) && parsed.Family == "GLIBC" ? parsed.Number : null)
        .OfType<Version>()
        .DefaultIfEmpty()
        .Max();
}
