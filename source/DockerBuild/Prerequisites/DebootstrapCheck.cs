using DockerBuild.Tools.Process;

namespace DockerBuild.Prerequisites;

/// <summary>debootstrap is present when a selected platform starts from a Debian bootstrap.</summary>
public sealed class DebootstrapCheck(bool needed)
{
    public CheckFinding Check()
    {
        if (!needed) return new CheckFinding("debootstrap", "debootstrap not needed", []);
        var path = ProcessRunner.Which("debootstrap") ?? (File.Exists("/usr/sbin/debootstrap") ? "/usr/sbin/debootstrap" : null);
        return path is not null
            ? new CheckFinding("debootstrap", $"debootstrap at {path}", [])
            : new CheckFinding("debootstrap", "debootstrap is missing (needed for Debian-based platforms)",
                [Remedy.AptInstall("needed to bootstrap Debian-based platform images", "debootstrap")]);
    }
}
