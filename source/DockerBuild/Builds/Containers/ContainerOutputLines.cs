using System.Text;

namespace DockerBuild.Builds.Containers;

/// <summary>
/// A container's output stream cut into whole lines: each write hands the complete lines it finished, as one block of
/// text, to <c>onLines</c>; a last unfinished line is handed over when the stream is disposed.
/// </summary>
public sealed class ContainerOutputLines(Action<string> onLines) : Stream
{
    private readonly Decoder _decoder = Encoding.UTF8.GetDecoder();
    private readonly StringBuilder _pending = new();

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        var chars = new char[Encoding.UTF8.GetMaxCharCount(buffer.Length)];
        _pending.Append(chars, 0, _decoder.GetChars(buffer, chars, flush: false));
        var all = _pending.ToString();
        var cut = all.LastIndexOf('\n');
        if (cut < 0) return;
        _pending.Clear().Append(all[(cut + 1)..]);
        onLines(all[..cut]);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && _pending.Length > 0) onLines(_pending.ToString());
        _pending.Clear();
        base.Dispose(disposing);
    }
}
