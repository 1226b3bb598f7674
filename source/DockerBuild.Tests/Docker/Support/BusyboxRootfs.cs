using NUnit.Framework;
using System.Formats.Tar;

namespace DockerBuild.Tests.Docker.Support;

/// <summary>A root filesystem tar holding only Debian's static busybox and the applet links the tests use.</summary>
internal static class BusyboxRootfs
{
    public const string BusyboxPath = "/bin/busybox";
    private static readonly string[] Applets = ["sh", "echo", "cat", "sleep", "id", "pwd", "ls", "env", "true"];

    /// <summary>The static busybox binary, or a clear failure saying how to get it.</summary>
    public static void RequireBusybox()
    {
        if (!File.Exists(BusyboxPath) || !IsStaticElf(BusyboxPath))
            Assert.Fail($"{BusyboxPath} (statically linked) is needed to make the test image; install it with: apt-get install -y busybox-static");
    }

    /// <summary>The rootfs tar; <paramref name="marker"/> adds /marker with that text, making a distinct layer.</summary>
    public static MemoryStream Create(string? marker = null)
    {
        RequireBusybox();
        var tar = new MemoryStream();
        using (var writer = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true))
        {
            Directory(writer, "bin/");
            Directory(writer, "tmp/", UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead
                | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute | UnixFileMode.StickyBit);
            using (var binary = File.OpenRead(BusyboxPath))
            {
                writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "bin/busybox")
                {
                    DataStream = binary,
                    Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute
                        | UnixFileMode.OtherRead | UnixFileMode.OtherExecute,
                });
            }
            if (marker is not null)
                writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "marker") { DataStream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(marker)) });
            foreach (var applet in Applets)
                writer.WriteEntry(new PaxTarEntry(TarEntryType.SymbolicLink, $"bin/{applet}") { LinkName = "busybox" });
        }
        tar.Position = 0;
        return tar;
    }

    private static void Directory(TarWriter writer, string name, UnixFileMode? mode = null) =>
        writer.WriteEntry(new PaxTarEntry(TarEntryType.Directory, name)
        {
            Mode = mode ?? UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute
                | UnixFileMode.OtherRead | UnixFileMode.OtherExecute,
        });

    private static bool IsStaticElf(string path)
    {
        // A dynamically linked ELF has a PT_INTERP program header; the static one does not.
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < 64 || bytes[0] != 0x7f || bytes[1] != (byte)'E') return false;
        var phoff = BitConverter.ToInt64(bytes, 32);
        var phentsize = BitConverter.ToUInt16(bytes, 54);
        var phnum = BitConverter.ToUInt16(bytes, 56);
        for (var i = 0; i < phnum; i++)
            if (BitConverter.ToUInt32(bytes, (int)(phoff + i * phentsize)) == 3) return false;
        return true;
    }
}
