using System.Formats.Tar;
using System.Text;
using DockerBuild.Sources.Packing;

namespace DockerBuild.Images.Recipe;

/// <summary>
/// Packs a build context as a tar the engine's /build accepts: entries sorted, owned by 0:0, fixed timestamps, so
/// the same recipe always sends the same bytes. Scripts are marked executable (COPY keeps the mode).
/// </summary>
public static class BuildContextArchive
{
    private static readonly DateTimeOffset Epoch = DateTimeOffset.UnixEpoch;
    private const UnixFileMode Regular = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
    private const UnixFileMode Executable = Regular | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    /// <summary>Writes <paramref name="files"/> (name → text) and, when given, the tree <paramref name="sourcesDirectory"/> as <c>sources/</c>.</summary>
    public static MemoryStream Create(IReadOnlyDictionary<string, string> files, IReadOnlySet<string> executables, string? sourcesDirectory)
    {
        var output = new MemoryStream();
        using (var writer = new TarWriter(output, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var (name, text) in files.OrderBy(f => f.Key, StringComparer.Ordinal))
                WriteFile(writer, name, Encoding.UTF8.GetBytes(text), executables.Contains(name) ? Executable : Regular);
            if (sourcesDirectory is not null)
            {
                writer.WriteEntry(new PaxTarEntry(TarEntryType.Directory, "sources/") { Mode = Executable, ModificationTime = Epoch });
                DeterministicTarWriter.AddTree(writer, sourcesDirectory, "sources/", Epoch);
            }
        }
        output.Position = 0;
        return output;
    }

    private static void WriteFile(TarWriter writer, string name, byte[] content, UnixFileMode mode) =>
        writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name)
        {
            Mode = mode,
            ModificationTime = Epoch,
            DataStream = new MemoryStream(content),
        });
}
