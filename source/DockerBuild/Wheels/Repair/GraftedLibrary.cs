using DockerBuild.Tools.Elf;

namespace DockerBuild.Wheels.Repair;

/// <summary>
/// A library copied into the wheel's <c>&lt;pkg&gt;.libs/</c> directory under a content-hashed name
/// (<c>libz.so.1</c> → <c>libz-1a2b3c4d.so.1</c>) so it cannot clash with another wheel's copy.
/// </summary>
public sealed record GraftedLibrary(string SoName, string SourcePath, string GraftedName, IReadOnlyList<string> NeededBy)
{
    /// <summary>The file's parsed ELF facts (before patching).</summary>
    public required ElfFile Elf { get; init; }
    /// <summary>The original bytes, copied from the sysroot.</summary>
    public required byte[] Content { get; init; }

    /// <summary>The hashed name: stem + '-' + first 8 hex digits of the content's sha256 + the '.so…' suffix.</summary>
    public static string HashedName(string soname, byte[] content)
    {
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content))[..8];
        var so = soname.IndexOf(".so", StringComparison.Ordinal);
        return so <= 0 ? $"{soname}-{hash}" : $"{soname[..so]}-{hash}{soname[so..]}";
    }
}
