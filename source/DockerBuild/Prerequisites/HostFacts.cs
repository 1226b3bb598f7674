using DockerBuild.Tools.Process;

namespace DockerBuild.Prerequisites;

/// <summary>What the host allows: whether missing pieces may be installed here, and where the kernel's binfmt_misc lives.</summary>
public sealed record HostFacts
{
    /// <summary>Running as root: apt-get, mount and dockerd may be run directly.</summary>
    public required bool IsRoot { get; init; }
    /// <summary>Debian or a derivative (apt-get and Debian's package names apply).</summary>
    public required bool IsDebianFamily { get; init; }
    public string BinfmtMiscDirectory { get; init; } = "/proc/sys/fs/binfmt_misc";
    /// <summary>Where qemu-user-static puts its binaries.</summary>
    public string QemuDirectory { get; init; } = "/usr/bin";
    /// <summary>Where host programs are looked for (PATH, then the sbin directories).</summary>
    public IReadOnlyList<string> ProgramDirectories { get; init; } = HostTool.SearchDirectories();

    /// <summary>Whether missing pieces can be installed here rather than only described.</summary>
    public bool CanInstall => IsRoot && IsDebianFamily;

    public static HostFacts Detect() => new()
    {
        IsRoot = Environment.IsPrivilegedProcess,
        IsDebianFamily = File.Exists("/etc/debian_version") || OsReleaseMentionsDebian(),
    };

    private static bool OsReleaseMentionsDebian()
    {
        if (!File.Exists("/etc/os-release")) return false;
        return File.ReadAllLines("/etc/os-release")
            .Where(l => l.StartsWith("ID=", StringComparison.Ordinal) || l.StartsWith("ID_LIKE=", StringComparison.Ordinal))
            .Any(l => l.Contains("debian", StringComparison.OrdinalIgnoreCase) || l.Contains("ubuntu", StringComparison.OrdinalIgnoreCase));
    }
}
