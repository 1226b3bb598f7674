using DockerBuild.Tools.Docker.Streams;

namespace DockerBuild.Tools.Docker.Transport;

/// <summary>
/// The raw stream an engine endpoint switched to (101 Switching Protocols): reads are the container's output, writes
/// go to its stdin, and <see cref="CloseWriteAsync"/> half-closes the connection so the container reads end-of-file.
/// Disposing it closes the connection and releases the request's handler.
/// </summary>
internal sealed class HijackedStream(Stream upgraded, DialedConnection connection, HttpResponseMessage response, IDisposable invoker) : WriteClosableStream
{
    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => upgraded.CanWrite;
    public override bool CanCloseWrite => upgraded.CanWrite;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => upgraded.Read(buffer, offset, count);
    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => upgraded.ReadAsync(buffer, cancellationToken);
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => upgraded.ReadAsync(buffer, offset, count, cancellationToken);
    public override void Write(byte[] buffer, int offset, int count) => upgraded.Write(buffer, offset, count);
    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => upgraded.WriteAsync(buffer, cancellationToken);
    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => upgraded.WriteAsync(buffer, offset, count, cancellationToken);
    public override void Flush() => upgraded.Flush();
    public override Task FlushAsync(CancellationToken cancellationToken) => upgraded.FlushAsync(cancellationToken);
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    public override async Task CloseWriteAsync(CancellationToken cancellationToken = default)
    {
        if (!CanCloseWrite)
            throw new NotSupportedException("the engine answered the attach without switching protocols, so the stream is output-only and cannot carry stdin.");
        await upgraded.FlushAsync(cancellationToken);
        await connection.CloseWriteAsync();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            upgraded.Dispose();
            response.Dispose();
            invoker.Dispose();
            connection.Dispose();
        }
        base.Dispose(disposing);
    }
}
