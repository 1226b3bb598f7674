using System.Buffers.Binary;

namespace DockerBuild.Tools.Elf;

/// <summary>
/// Bounds-checked, endianness-aware reads from an ELF image. Every read that would leave the file throws
/// <see cref="ElfFormatException"/> instead of crashing, because wheel contents are untrusted input.
/// </summary>
internal sealed class ElfBytes(string file, byte[] data, bool bigEndian)
{
    public string File { get; } = file;
    public int Length => data.Length;

    public ElfFormatException Error(string problem) => new(File, problem);

    public byte U8(long offset, string what)
    {
        Check(offset, 1, what);
        return data[offset];
    }

    public ushort U16(long offset, string what)
    {
        var span = Slice(offset, 2, what);
        return bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(span) : BinaryPrimitives.ReadUInt16LittleEndian(span);
    }

    public uint U32(long offset, string what)
    {
        var span = Slice(offset, 4, what);
        return bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(span) : BinaryPrimitives.ReadUInt32LittleEndian(span);
    }

    public ulong U64(long offset, string what)
    {
        var span = Slice(offset, 8, what);
        return bigEndian ? BinaryPrimitives.ReadUInt64BigEndian(span) : BinaryPrimitives.ReadUInt64LittleEndian(span);
    }

    /// <summary>A word of the file's class: 4 bytes for ELFCLASS32, 8 for ELFCLASS64.</summary>
    public ulong Word(long offset, bool is64, string what) => is64 ? U64(offset, what) : U32(offset, what);

    /// <summary>The NUL-terminated string at <paramref name="offset"/> inside a string table [start, start+size).</summary>
    public string CString(long tableStart, long tableSize, ulong offset, string what)
    {
        if (offset >= (ulong)tableSize) throw Error($"{what}: string offset {offset} is outside its string table ({tableSize} bytes)");
        var start = tableStart + (long)offset;
        var end = tableStart + tableSize;
        Check(tableStart, tableSize, what);
        var span = data.AsSpan((int)start, (int)(end - start));
        var nul = span.IndexOf((byte)0);
        if (nul < 0) throw Error($"{what}: string at offset {offset} is not NUL-terminated");
        return System.Text.Encoding.UTF8.GetString(span[..nul]);
    }

    public void Check(long offset, long size, string what)
    {
        if (offset < 0 || size < 0 || offset > data.Length || size > data.Length - offset)
            throw Error($"{what} (offset {offset}, {size} bytes) lies outside the file ({data.Length} bytes)");
    }

    private ReadOnlySpan<byte> Slice(long offset, int size, string what)
    {
        Check(offset, size, what);
        return data.AsSpan((int)offset, size);
    }
}
