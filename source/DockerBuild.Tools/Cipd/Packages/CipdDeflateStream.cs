using System.IO.Compression;

namespace DockerBuild.Tools.Cipd.Packages;

/// <summary>
/// Deflate as the <c>cipd</c> client's encoder produces it where that can be reproduced: an input shorter than
/// 128 bytes becomes one non-final stored block followed by an empty final fixed-Huffman block (which is what the
/// client's encoder emits for such inputs unless Huffman-only coding is smaller, i.e. for very repetitive content of
/// 104–127 bytes). Longer inputs go through zlib at the requested level; the client's encoder makes different
/// (equally valid) streams for those, so their bytes and hence instance IDs differ from the client's.
/// </summary>
internal sealed class CipdDeflateStream(Stream output, int level) : Stream
{
    private const int SmallInputLimit = 128;
    private static readonly byte[] EmptyFinalFixedBlock = [0x03, 0x00];

    private readonly MemoryStream _pending = new();
    private DeflateStream? _deflate;
    private bool _finished;

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (_deflate is null && _pending.Length + buffer.Length < SmallInputLimit)
        {
            _pending.Write(buffer);
            return;
        }
        Switch().Write(buffer);
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_deflate is null && _pending.Length + buffer.Length < SmallInputLimit)
        {
            _pending.Write(buffer.Span);
            return;
        }
        await Switch().WriteAsync(buffer, cancellationToken);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <summary>Ends the stream; must be called (dispose alone does not write the tail).</summary>
    public async Task FinishAsync(CancellationToken cancellationToken)
    {
        if (_finished) return;
        _finished = true;
        if (_deflate is not null)
        {
            await _deflate.DisposeAsync();
            return;
        }
        var data = _pending.ToArray();
        if (data.Length > 0)
        {
            var header = new byte[] { 0x00, (byte)data.Length, (byte)(data.Length >> 8), (byte)~data.Length, (byte)(~data.Length >> 8) };
            await output.WriteAsync(header, cancellationToken);
            await output.WriteAsync(data, cancellationToken);
        }
        await output.WriteAsync(EmptyFinalFixedBlock, cancellationToken);
    }

    private DeflateStream Switch()
    {
        if (_deflate is not null) return _deflate;
        _deflate = new DeflateStream(output, new ZLibCompressionOptions { CompressionLevel = level }, leaveOpen: true);
        _deflate.Write(_pending.GetBuffer(), 0, (int)_pending.Length);
        return _deflate;
    }

    public override void Flush() { }
    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
