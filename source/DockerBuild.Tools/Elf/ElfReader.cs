namespace DockerBuild.Tools.Elf;

/// <summary>
/// Reads the dynamic-linking facts of an ELF file of any class and byte order: machine, DT_NEEDED, DT_SONAME,
/// DT_RPATH/DT_RUNPATH, the version requirements (.gnu.version_r) and the versioned undefined symbols
/// (.dynsym + .gnu.version). Malformed input raises <see cref="ElfFormatException"/> naming the file; every loop is
/// bounded by the size of the structure it walks.
/// </summary>
public static class ElfReader
{
    private const uint ShtDynamic = 6, ShtDynsym = 11, ShtGnuVerneed = 0x6ffffffe, ShtGnuVersym = 0x6fffffff;
    private const ulong DtNull = 0, DtNeeded = 1, DtSoname = 14, DtRpath = 15, DtRunpath = 29;

    /// <summary>True when the file starts with the ELF magic (cheap test before a full read).</summary>
    public static bool IsElf(string path)
    {
        using var stream = File.OpenRead(path);
        return IsElf(stream);
    }

    /// <summary>True when the stream's next four bytes are the ELF magic.</summary>
    public static bool IsElf(Stream stream)
    {
        Span<byte> magic = stackalloc byte[4];
        return stream.ReadAtLeast(magic, 4, throwOnEndOfStream: false) == 4 && IsElfMagic(magic);
    }

    public static bool IsElfMagic(ReadOnlySpan<byte> bytes) => bytes.Length >= 4 && bytes[0] == 0x7f && bytes[1] == (byte)'E' && bytes[2] == (byte)'L' && bytes[3] == (byte)'F';

    public static ElfFile Read(string path) => Read(path, File.ReadAllBytes(path));

    /// <summary>Parses <paramref name="data"/>; <paramref name="path"/> is only used in messages and the result.</summary>
    public static ElfFile Read(string path, byte[] data)
    {
        if (data.Length < 16 || !IsElfMagic(data)) throw new ElfFormatException(path, "it does not start with the ELF magic 7f 45 4c 46");
        var elfClass = data[4];
        var encoding = data[5];
        if (elfClass is not (1 or 2)) throw new ElfFormatException(path, $"EI_CLASS is {elfClass}; valid are 1 (32-bit) and 2 (64-bit)");
        if (encoding is not (1 or 2)) throw new ElfFormatException(path, $"EI_DATA is {encoding}; valid are 1 (little-endian) and 2 (big-endian)");
        var is64 = elfClass == 2;
        var bytes = new ElfBytes(path, data, bigEndian: encoding == 2);

        var type = bytes.U16(16, "e_type");
        var machine = bytes.U16(18, "e_machine");
        var flags = bytes.U32(is64 ? 48 : 36, "e_flags");
        var shoff = bytes.Word(is64 ? 40 : 32, is64, "e_shoff");
        var shentsize = bytes.U16(is64 ? 58 : 46, "e_shentsize");
        var shnum = bytes.U16(is64 ? 60 : 48, "e_shnum");

        var sections = ReadSections(bytes, is64, shoff, shentsize, shnum);
        var file = new ElfFile
        {
            Path = path, Is64Bit = is64, IsBigEndian = encoding == 2, Machine = machine, Type = type, Flags = flags, Needed = [],
        };

        var dynamic = sections.FirstOrDefault(s => s.Type == ShtDynamic);
        if (dynamic is null)
        {
            // Without a PT_DYNAMIC segment nothing is loaded dynamically (static executable, object file). With one
            // but no section table (sstrip), the needs cannot be read: saying "needs nothing" would be a false pass.
            if (HasDynamicSegment(bytes, is64))
                throw bytes.Error("it is dynamically linked but has no .dynamic section header (section headers stripped?); its dependencies cannot be checked");
            return file;
        }

        var needed = new List<string>();
        string? soname = null;
        var rpath = new List<string>();
        var runpath = new List<string>();
        var dynstr = Linked(bytes, sections, dynamic, ".dynamic");
        var entrySize = is64 ? 16 : 8;
        for (long offset = (long)dynamic.Offset; offset + entrySize <= (long)(dynamic.Offset + dynamic.Size); offset += entrySize)
        {
            var tag = bytes.Word(offset, is64, "dynamic entry tag");
            var value = bytes.Word(offset + entrySize / 2, is64, "dynamic entry value");
            if (tag == DtNull) break;
            switch (tag)
            {
                case DtNeeded: needed.Add(bytes.CString((long)dynstr.Offset, (long)dynstr.Size, value, "DT_NEEDED")); break;
                case DtSoname: soname = bytes.CString((long)dynstr.Offset, (long)dynstr.Size, value, "DT_SONAME"); break;
                case DtRpath: rpath.AddRange(SplitPath(bytes.CString((long)dynstr.Offset, (long)dynstr.Size, value, "DT_RPATH"))); break;
                case DtRunpath: runpath.AddRange(SplitPath(bytes.CString((long)dynstr.Offset, (long)dynstr.Size, value, "DT_RUNPATH"))); break;
            }
        }

        var (requirements, byIndex) = ReadVersionRequirements(bytes, sections);
        var (imported, unversioned) = ReadImports(bytes, is64, sections, byIndex);
        return file with
        {
            Needed = needed, SoName = soname, RPath = rpath, RunPath = runpath,
            VersionRequirements = requirements, ImportedSymbols = imported, UnversionedImports = unversioned,
        };
    }

    private static bool HasDynamicSegment(ElfBytes bytes, bool is64)
    {
        const uint PtDynamic = 2;
        var phoff = bytes.Word(is64 ? 32 : 28, is64, "e_phoff");
        var phentsize = bytes.U16(is64 ? 54 : 42, "e_phentsize");
        var phnum = bytes.U16(is64 ? 56 : 44, "e_phnum");
        if (phoff == 0 || phnum == 0) return false;
        if (phentsize < 4 || phoff > (ulong)bytes.Length) throw bytes.Error($"the program header table (offset {phoff}, entry size {phentsize}) is malformed");
        for (var i = 0; i < phnum; i++)
            if (bytes.U32((long)phoff + (long)i * phentsize, "p_type") == PtDynamic) return true;
        return false;
    }

    private sealed record Section(int Index, uint Type, ulong Offset, ulong Size, uint Link, uint Info, ulong EntrySize);

    private static List<Section> ReadSections(ElfBytes bytes, bool is64, ulong shoff, ushort shentsize, ushort shnum)
    {
        var sections = new List<Section>();
        if (shoff == 0 || shnum == 0) return sections;
        var minimum = is64 ? 64 : 40;
        if (shentsize < minimum) throw bytes.Error($"e_shentsize is {shentsize}; a {(is64 ? 64 : 32)}-bit section header needs at least {minimum} bytes");
        bytes.Check((long)Math.Min(shoff, long.MaxValue), (long)shentsize * shnum, "the section header table");
        for (var i = 0; i < shnum; i++)
        {
            var at = (long)shoff + (long)i * shentsize;
            var type = bytes.U32(at + 4, "sh_type");
            var offset = bytes.Word(at + (is64 ? 24 : 16), is64, "sh_offset");
            var size = bytes.Word(at + (is64 ? 32 : 20), is64, "sh_size");
            var link = bytes.U32(at + (is64 ? 40 : 24), "sh_link");
            var info = bytes.U32(at + (is64 ? 44 : 28), "sh_info");
            var entsize = bytes.Word(at + (is64 ? 56 : 36), is64, "sh_entsize");
            const uint ShtNobits = 8;
            if (type != ShtNobits && type != 0 && (offset > (ulong)bytes.Length || size > (ulong)bytes.Length - offset))
                throw bytes.Error($"section {i} (type 0x{type:x}) spans bytes {offset}..{offset + size}, beyond the end of the file ({bytes.Length} bytes)");
            sections.Add(new Section(i, type, offset, size, link, info, entsize));
        }
        return sections;
    }

    private static Section Linked(ElfBytes bytes, List<Section> sections, Section section, string name)
    {
        if (section.Link >= sections.Count) throw bytes.Error($"{name} links to section {section.Link}, but there are only {sections.Count}");
        return sections[(int)section.Link];
    }

    private static (List<VersionRequirement>, Dictionary<int, (string Library, string Version)>) ReadVersionRequirements(ElfBytes bytes, List<Section> sections)
    {
        var requirements = new List<VersionRequirement>();
        var byIndex = new Dictionary<int, (string, string)>();
        var verneed = sections.FirstOrDefault(s => s.Type == ShtGnuVerneed);
        if (verneed is null) return (requirements, byIndex);
        var strings = Linked(bytes, sections, verneed, ".gnu.version_r");
        long start = (long)verneed.Offset, end = start + (long)verneed.Size;
        // Each entry and auxiliary record is 16 bytes, so a well-formed section holds at most Size/16 of them:
        // that bounds the walk even when vn_next/vna_next form a cycle.
        var budget = verneed.Size / 16 + 1;
        var entry = start;
        for (var n = 0u; n < verneed.Info || verneed.Info == 0; n++)
        {
            if (budget-- == 0) throw bytes.Error(".gnu.version_r has more records than fit in it (a vn_next/vna_next cycle?)");
            if (entry < start || entry + 16 > end) throw bytes.Error($".gnu.version_r entry at offset {entry} lies outside the section");
            var count = bytes.U16(entry + 2, "vn_cnt");
            var fileName = bytes.CString((long)strings.Offset, (long)strings.Size, bytes.U32(entry + 4, "vn_file"), "vn_file");
            var auxOffset = bytes.U32(entry + 8, "vn_aux");
            var next = bytes.U32(entry + 12, "vn_next");
            var versions = new List<string>();
            var aux = entry + auxOffset;
            for (var k = 0; k < count; k++)
            {
                if (budget-- == 0) throw bytes.Error(".gnu.version_r has more records than fit in it (a vn_next/vna_next cycle?)");
                if (aux < start || aux + 16 > end) throw bytes.Error($".gnu.version_r auxiliary record at offset {aux} (for {fileName}) lies outside the section");
                var other = bytes.U16(aux + 6, "vna_other");
                var version = bytes.CString((long)strings.Offset, (long)strings.Size, bytes.U32(aux + 8, "vna_name"), "vna_name");
                versions.Add(version);
                byIndex[other & 0x7fff] = (fileName, version);
                var auxNext = bytes.U32(aux + 12, "vna_next");
                if (auxNext == 0) break;
                aux += auxNext;
            }
            requirements.Add(new VersionRequirement(fileName, versions));
            if (next == 0) break;
            entry += next;
        }
        return (requirements, byIndex);
    }

    private static (List<ImportedSymbol>, List<string>) ReadImports(ElfBytes bytes, bool is64, List<Section> sections, Dictionary<int, (string Library, string Version)> byIndex)
    {
        var imported = new List<ImportedSymbol>();
        var unversioned = new List<string>();
        var dynsym = sections.FirstOrDefault(s => s.Type == ShtDynsym);
        if (dynsym is null) return (imported, unversioned);
        var strings = Linked(bytes, sections, dynsym, ".dynsym");
        var versym = sections.FirstOrDefault(s => s.Type == ShtGnuVersym);
        var entrySize = (long)(dynsym.EntrySize != 0 ? dynsym.EntrySize : (ulong)(is64 ? 24 : 16));
        if (entrySize < (is64 ? 24 : 16)) throw bytes.Error($".dynsym entry size {entrySize} is too small for a {(is64 ? 64 : 32)}-bit symbol");
        var count = (long)dynsym.Size / entrySize;
        for (long i = 1; i < count; i++) // symbol 0 is the reserved null symbol
        {
            var at = (long)dynsym.Offset + i * entrySize;
            var nameOffset = bytes.U32(at, "st_name");
            var sectionIndex = bytes.U16(at + (is64 ? 6 : 14), "st_shndx");
            if (sectionIndex != 0) continue; // defined here, not imported
            var name = bytes.CString((long)strings.Offset, (long)strings.Size, nameOffset, "symbol name");
            if (name.Length == 0) continue;
            var versionIndex = versym is not null && (ulong)(i * 2 + 2) <= versym.Size
                ? bytes.U16((long)versym.Offset + i * 2, ".gnu.version entry") & 0x7fff
                : 0;
            if (versionIndex >= 2 && byIndex.TryGetValue(versionIndex, out var version))
                imported.Add(new ImportedSymbol(name, version.Version, version.Library));
            else
                unversioned.Add(name);
        }
        return (imported, unversioned);
    }

    private static IEnumerable<string> SplitPath(string value) => value.Split(':', StringSplitOptions.RemoveEmptyEntries);
}
