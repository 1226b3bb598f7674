using System.Runtime.InteropServices;

namespace DockerBuild.Run;

/// <summary>The uid:gid of this process, which Run's containers run as so files they create belong to the user.</summary>
public static class InvokingUser
{
    public static string UidGid => OperatingSystem.IsWindows()
        ? throw new PlatformNotSupportedException("Run maps the invoking user's uid:gid into the container; that needs a Unix host.")
        : $"{GetUid()}:{GetGid()}";

    [DllImport("libc", EntryPoint = "getuid")]
    private static extern uint GetUid();

    [DllImport("libc", EntryPoint = "getgid")]
    private static extern uint GetGid();
}
