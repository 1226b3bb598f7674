using System.Reflection;
using System.Text;

namespace DockerBuild.Tools.IO;

/// <summary>
/// A file shipped inside an assembly (an <c>EmbeddedResource</c> item with a logical name), read as the exact bytes
/// of the file in the sources: scripts and data kept as real files so they can be read, linted and diffed as such.
/// </summary>
public static class EmbeddedFile
{
    /// <summary>The file's bytes; a missing one is a packaging mistake, named with the assembly to fix.</summary>
    public static byte[] ReadBytes(Assembly assembly, string logicalName)
    {
        using var stream = assembly.GetManifestResourceStream(logicalName)
            ?? throw new InvalidOperationException($"{logicalName} is not embedded in {assembly.GetName().Name}: "
                + "its project file must list it as an EmbeddedResource with that LogicalName");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    /// <summary>The file as UTF-8 text, byte for byte (no BOM added or removed, line endings as written).</summary>
    public static string ReadText(Assembly assembly, string logicalName) =>
        new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetString(ReadBytes(assembly, logicalName));
}
