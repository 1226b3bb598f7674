using System.Buffers.Binary;
using System.Text;

namespace DockerBuild.Tools.Cipd.Packages;

/// <summary>
/// Writes a zip the way the <c>cipd</c> client's Go zip writer lays it out, so the same entries give the same bytes:
/// local header with zeroed CRC/sizes and the data-descriptor flag, a data descriptor after each body, zero DOS
/// time/date and no extra fields, "made by" Unix 2.0, Unix mode in the high half of the external attributes (plus the
/// DOS read-only bit when the owner cannot write), the UTF-8 flag only for names Go deems non-portable, no comment.
/// Deflated bodies come from <see cref="CipdDeflateStream"/>, identical to the client's for small bodies only.
/// </summary>
internal sealed class CipdZipWriter(Stream output)
{
    private const ushort Version20 = 20;
    private const ushort CreatorUnix = 3 << 8;
    private const ushort FlagDataDescriptor = 0x8;
    private const ushort FlagUtf8 = 0x800;
    private const uint DosReadOnly = 0x01;

    private readonly List<Entry> _entries = [];
    private long _offset;

    /// <summary>Appends one entry; <paramref name="unixMode"/> carries the file type bits (0x8000 file, 0xA000 symlink).</summary>
    public async Task AddAsync(string name, uint unixMode, bool deflate, int level, Func<Stream, CancellationToken, Task> writeBody, CancellationToken cancellationToken)
    {
        var nameBytes = Encoding.UTF8.GetBytes(name);
        var entry = new Entry(nameBytes, (ushort)(FlagDataDescriptor | (NeedsUtf8Flag(name) ? FlagUtf8 : 0)),
            (ushort)(deflate ? 8 : 0), ExternalAttributes(unixMode), _offset);

        var header = new byte[30 + nameBytes.Length];
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(0), 0x04034b50);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(4), Version20);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(6), entry.Flags);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(8), entry.Method);
        // time, date, crc, sizes: zero (sizes and CRC follow in the data descriptor)
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(26), (ushort)nameBytes.Length);
        nameBytes.CopyTo(header, 30);
        await WriteAsync(header, cancellationToken);

        var body = new EntryBodyStream(output);
        if (deflate)
        {
            var compressor = new CipdDeflateStream(body, level);
            var measured = new EntryBodyStream(compressor);
            await writeBody(measured, cancellationToken);
            await compressor.FinishAsync(cancellationToken);
            entry.Crc = measured.Crc;
            entry.UncompressedSize = measured.Length;
            entry.CompressedSize = body.Length;
        }
        else
        {
            await writeBody(body, cancellationToken);
            entry.Crc = body.Crc;
            entry.UncompressedSize = entry.CompressedSize = body.Length;
        }
        _offset += body.Length;
        CheckSize(name, entry.UncompressedSize);
        CheckSize(name, entry.CompressedSize);

        var descriptor = new byte[16];
        BinaryPrimitives.WriteUInt32LittleEndian(descriptor.AsSpan(0), 0x08074b50);
        BinaryPrimitives.WriteUInt32LittleEndian(descriptor.AsSpan(4), entry.Crc);
        BinaryPrimitives.WriteUInt32LittleEndian(descriptor.AsSpan(8), (uint)entry.CompressedSize);
        BinaryPrimitives.WriteUInt32LittleEndian(descriptor.AsSpan(12), (uint)entry.UncompressedSize);
        await WriteAsync(descriptor, cancellationToken);
        _entries.Add(entry);
    }

    /// <summary>Writes the central directory and the end record.</summary>
    public async Task FinishAsync(CancellationToken cancellationToken)
    {
        if (_entries.Count >= 0xFFFF) throw new CipdStoreException($"a package with {_entries.Count} files needs zip64, which this writer does not produce (limit 65534 files)");
        var directoryStart = _offset;
        CheckSize("the central directory", directoryStart);
        foreach (var e in _entries)
        {
            var record = new byte[46 + e.Name.Length];
            BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(0), 0x02014b50);
            BinaryPrimitives.WriteUInt16LittleEndian(record.AsSpan(4), CreatorUnix | Version20);
            BinaryPrimitives.WriteUInt16LittleEndian(record.AsSpan(6), Version20);
            BinaryPrimitives.WriteUInt16LittleEndian(record.AsSpan(8), e.Flags);
            BinaryPrimitives.WriteUInt16LittleEndian(record.AsSpan(10), e.Method);
            BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(16), e.Crc);
            BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(20), (uint)e.CompressedSize);
            BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(24), (uint)e.UncompressedSize);
            BinaryPrimitives.WriteUInt16LittleEndian(record.AsSpan(28), (ushort)e.Name.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(38), e.ExternalAttributes);
            BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(42), (uint)e.Offset);
            e.Name.CopyTo(record, 46);
            await WriteAsync(record, cancellationToken);
        }
        var directorySize = _offset - directoryStart;
        var end = new byte[22];
        BinaryPrimitives.WriteUInt32LittleEndian(end.AsSpan(0), 0x06054b50);
        BinaryPrimitives.WriteUInt16LittleEndian(end.AsSpan(8), (ushort)_entries.Count);
        BinaryPrimitives.WriteUInt16LittleEndian(end.AsSpan(10), (ushort)_entries.Count);
        BinaryPrimitives.WriteUInt32LittleEndian(end.AsSpan(12), (uint)directorySize);
        BinaryPrimitives.WriteUInt32LittleEndian(end.AsSpan(16), (uint)directoryStart);
        await WriteAsync(end, cancellationToken);
        await output.FlushAsync(cancellationToken);
    }

    private async Task WriteAsync(byte[] data, CancellationToken cancellationToken)
    {
        await output.WriteAsync(data, cancellationToken);
        _offset += data.Length;
    }

    private static void CheckSize(string what, long size)
    {
        if (size >= 0xFFFFFFFF) throw new CipdStoreException($"{what} is {size} bytes: 4 GiB and more needs zip64, which this writer does not produce");
    }

    private static uint ExternalAttributes(uint unixMode) => unixMode << 16 | ((unixMode & 0x80) == 0 ? DosReadOnly : 0);

    /// <summary>Go sets the UTF-8 flag when a name has characters outside the portable subset of CP-437/ASCII.</summary>
    private static bool NeedsUtf8Flag(string name) => name.Any(c => c < 0x20 || c > 0x7d || c == 0x5c);

    private sealed class Entry(byte[] name, ushort flags, ushort method, uint externalAttributes, long offset)
    {
        public byte[] Name { get; } = name;
        public ushort Flags { get; } = flags;
        public ushort Method { get; } = method;
        public uint ExternalAttributes { get; } = externalAttributes;
        public long Offset { get; } = offset;
        public uint Crc { get; set; }
        public long CompressedSize { get; set; }
        public long UncompressedSize { get; set; }
    }

    /// <summary>Passes writes through while counting them and computing their CRC.</summary>
    private sealed class EntryBodyStream(Stream inner) : Stream
    {
        private readonly Crc32 _crc = new();
        private long _length;

        public uint Crc => _crc.Value;
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => _length;
        public override long Position { get => _length; set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            _crc.Append(buffer);
            _length += buffer.Length;
            inner.Write(buffer);
        }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            _crc.Append(buffer.Span);
            _length += buffer.Length;
            await inner.WriteAsync(buffer, cancellationToken);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush() => inner.Flush();
        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
