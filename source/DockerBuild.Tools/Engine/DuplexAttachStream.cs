using System.Reflection;
using Docker.DotNet;
using Docker.DotNet.Handler.Abstractions;

namespace DockerBuild.Tools.Engine;

/// <summary>
/// An attached container connection on which input and output flow at the same time. The package's native transport
/// (the one used for tcp:// engines) hands attach its connection in a stream that has only synchronous Read and Write,
/// so every asynchronous call falls back to <see cref="Stream"/>'s defaults, which run one read or one write at a time:
/// a line of input then waits for the output read already pending, and a command that needs that input before it
/// prints anything never gets it. Here each direction's call runs on a thread of its own, so neither waits for the other.
/// </summary>
/// <param name="connection">The package's attached stream: it half-closes and disposes the connection.</param>
/// <param name="blocking">The stream under it whose synchronous calls move the bytes.</param>
internal sealed class DuplexAttachStream(WriteClosableStream connection, Stream blocking) : WriteClosableStream
{
    /// <summary>
    /// The attached stream with reads and writes made independent, when the package's stream needs it (its connection
    /// stream does not implement asynchronous reads itself); otherwise <paramref name="attached"/> as it is.
    /// </summary>
    public static MultiplexedStream Of(MultiplexedStream attached, bool multiplexed)
    {
        // The package keeps each stream it wraps in a field named _stream: the multiplexer's is the hijacked response,
        // whose own is the transport's connection stream.
        if (Inner(attached) is not WriteClosableStream connection) return attached;
        var blocking = Inner(connection) as Stream ?? connection;
        if (ImplementsAsyncRead(blocking)) return attached;
        return new MultiplexedStream(new DuplexAttachStream(connection, blocking), multiplexed);
    }

    private static object? Inner(object wrapper) =>
        wrapper.GetType().GetField("_stream", BindingFlags.NonPublic | BindingFlags.Instance)?.GetValue(wrapper);

    private static bool ImplementsAsyncRead(Stream stream) =>
        stream.GetType().GetMethod(nameof(ReadAsync), [typeof(byte[]), typeof(int), typeof(int), typeof(CancellationToken)])?.DeclaringType != typeof(Stream);

    public override bool CanRead => connection.CanRead;
    public override bool CanSeek => false;
    public override bool CanWrite => connection.CanWrite;
    public override bool CanCloseWrite => connection.CanCloseWrite;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => blocking.Read(buffer, offset, count);
    public override void Write(byte[] buffer, int offset, int count) => blocking.Write(buffer, offset, count);

    // A blocked read or write ends when the connection is disposed, which is how a cancelled run stops it.
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.Factory.StartNew(() => blocking.Read(buffer, offset, count), cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.Factory.StartNew(() => blocking.Write(buffer, offset, count), cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    public override void Flush() => connection.Flush();
    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void CloseWrite() => connection.CloseWrite();

    protected override void Dispose(bool disposing)
    {
        if (disposing) connection.Dispose();
        base.Dispose(disposing);
    }
}
