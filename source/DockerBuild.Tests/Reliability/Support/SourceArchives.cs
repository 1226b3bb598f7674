using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace DockerBuild.Tests.Reliability.Support;

/// <summary>Small .tar.gz source archives built in memory: a well-formed sdist-like tree, and hostile ones.</summary>
internal static class SourceArchives
{
    /// <summary>A tree <c>&lt;name&gt;-&lt;version&gt;/</c> with a setup.py and <paramref name="padding"/> bytes of data (for slow transfers).</summary>
    public static byte[] Wellformed(string name, string version, int padding = 0)
    {
        var top = $"{name}-{version}";
        return TarGz(writer =>
        {
            writer.WriteEntry(new PaxTarEntry(TarEntryType.Directory, top + "/"));
            File(writer, $"{top}/setup.py", Encoding.UTF8.GetBytes($"from setuptools import setup\nsetup(name='{name}', version='{version}')\n"));
            if (padding > 0) File(writer, $"{top}/data.bin", RandomNumberGenerator.GetBytes(padding));
        });
    }

    /// <summary>A well-formed tree plus one entry that escapes: <paramref name="how"/> is "dotdot", "absolute", "symlink" (relative) or "absolute-symlink".</summary>
    public static byte[] Hostile(string name, string version, string how, string outside)
    {
        var top = $"{name}-{version}";
        return TarGz(writer =>
        {
            writer.WriteEntry(new PaxTarEntry(TarEntryType.Directory, top + "/"));
            File(writer, $"{top}/setup.py", "from setuptools import setup\nsetup()\n"u8.ToArray());
            switch (how)
            {
                case "dotdot":
                    File(writer, $"{top}/../../../../../../../..{outside}", "escaped\n"u8.ToArray());
                    break;
                case "absolute":
                    File(writer, outside, "escaped\n"u8.ToArray());
                    break;
                case "symlink":
                    writer.WriteEntry(new PaxTarEntry(TarEntryType.SymbolicLink, $"{top}/escape") { LinkName = "../../../../../../../.." + Path.GetDirectoryName(outside) });
                    File(writer, $"{top}/escape/{Path.GetFileName(outside)}", "escaped\n"u8.ToArray());
                    break;
                case "absolute-symlink":
                    writer.WriteEntry(new PaxTarEntry(TarEntryType.SymbolicLink, $"{top}/escape") { LinkName = Path.GetDirectoryName(outside)! });
                    File(writer, $"{top}/escape/{Path.GetFileName(outside)}", "escaped\n"u8.ToArray());
                    break;
                default:
                    throw new ArgumentException($"unknown hostile archive kind '{how}' (valid: dotdot, absolute, symlink, absolute-symlink)", nameof(how));
            }
        });
    }

    public static string Sha256(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));

    private static void File(TarWriter writer, string name, byte[] content) =>
        writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(content) });

    private static byte[] TarGz(Action<TarWriter> write)
    {
        var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        using (var writer = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: true))
            write(writer);
        return output.ToArray();
    }
}
