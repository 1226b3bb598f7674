using System.Buffers.Binary;

namespace DockerBuild.Tools.Docker.Streams;

/// <summary>Which output a chunk of container output came from.</summary>
public enum OutputTarget { StdIn = 0, StdOut = 1, StdErr = 2 }

/// <summary>How much was read and from which output; <see cref="EOF"/> when the container's output ended.</summary>
public readonly record struct ReadResult(int Count, OutputTarget Target)
{
    public bool EOF => Count == 0;
}

/// <summary>
/// An attached container's streams. Output as the engine sends it: without a TTY, frames of an 8-byte header (stream
/// type, 3 zero bytes, big-endian length) then the payload; with a TTY, one raw stream that is all stdout. Input (when
/// stdin was attached) is raw bytes in either case, ended by <see cref="CloseWriteAsync"/>.
/// </summary>
public sealed class MultiplexedStream(Stream stream, bool multiplexed) : IDisposable
{
    private readonly byte[] _header = new byte[8];
    private int _remaining;
    private OutputTarget _target = OutputTarget.StdOut;

    /// <summary>Reads up to <paramref name="count"/> bytes of one frame.</summary>
    public async Task<ReadResult> ReadOutputAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        if (!multiplexed)
            return new ReadResult(await stream.ReadAsync(buffer.AsMemory(offset, count), cancellationToken), OutputTarget.StdOut);
        while (_remaining == 0)
        {
            if (!await FillHeaderAsync(cancellationToken)) return new ReadResult(0, OutputTarget.StdOut);
            _target = _header[0] switch
            {
                0 => OutputTarget.StdIn,
                1 => OutputTarget.StdOut,
                2 => OutputTarget.StdErr,
                var other => throw new InvalidDataException($"container output frame has unknown stream type {other}; is the container using a TTY?"),
            };
            _remaining = checked((int)BinaryPrimitives.ReadUInt32BigEndian(_header.AsSpan(4)));
        }
        var read = await stream.ReadAsync(buffer.AsMemory(offset, Math.Min(count, _remaining)), cancellationToken);
        if (read == 0) throw new EndOfStreamException($"container output ended inside a frame with {_remaining} bytes missing");
        _remaining -= read;
        return new ReadResult(read, _target);
    }

    /// <summary>Copies until the output ends, stdout and stderr to their own sinks.</summary>
    public async Task CopyOutputToAsync(Stream stdout, Stream stderr, CancellationToken cancellationToken)
    {
        var buffer = new byte[81920];
        while (true)
        {
            var result = await ReadOutputAsync(buffer, 0, buffer.Length, cancellationToken);
            if (result.EOF) return;
            var sink = result.Target == OutputTarget.StdErr ? stderr : stdout;
            await sink.WriteAsync(buffer.AsMemory(0, result.Count), cancellationToken);
            await sink.FlushAsync(cancellationToken);
        }
    }

    /// <summary>Writes to the container's stdin (the attach must have asked for stdin).</summary>
    public async Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        await stream.WriteAsync(buffer.AsMemory(offset, count), cancellationToken);
        await stream.FlushAsync(cancellationToken);
    }

    /// <summary>Copies <paramref name="input"/> to the container's stdin until <paramref name="input"/> ends; stdin stays open.</summary>
    public async Task CopyFromAsync(Stream input, CancellationToken cancellationToken)
    {
        var buffer = new byte[81920];
        int read;
        while ((read = await input.ReadAsync(buffer, cancellationToken)) > 0)
            await WriteAsync(buffer, 0, read, cancellationToken);
    }

    /// <summary>Ends the container's stdin (the command reads end-of-file) while its output keeps arriving.</summary>
    public Task CloseWriteAsync(CancellationToken cancellationToken = default) => stream is WriteClosableStream closable
        ? closable.CloseWriteAsync(cancellationToken)
        : throw new NotSupportedException("this container stream is output-only; attach with stdin to write to it.");

    /// <summary>Reads everything and returns (stdout, stderr) as text.</summary>
    public async Task<(string stdout, string stderr)> ReadOutputToEndAsync(CancellationToken cancellationToken)
    {
        using var stdout = new MemoryStream();
        using var stderr = new MemoryStream();
        await CopyOutputToAsync(stdout, stderr, cancellationToken);
        return (System.Text.Encoding.UTF8.GetString(stdout.ToArray()), System.Text.Encoding.UTF8.GetString(stderr.ToArray()));
    }

    private async Task<bool> FillHeaderAsync(CancellationToken cancellationToken)
    {
        var filled = 0;
        while (filled < _header.Length)
        {
            var read = await stream.ReadAsync(_header.AsMemory(filled), cancellationToken);
            if (read == 0)
            {
                if (filled == 0) return false;
                throw new EndOfStreamException($"container output ended inside a frame header ({filled} of 8 bytes)");
            }
            filled += read;
        }
        return true;
    }

    public void Dispose() => stream.Dispose();
}
