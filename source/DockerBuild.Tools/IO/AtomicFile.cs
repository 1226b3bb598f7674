namespace DockerBuild.Tools.IO;

/// <summary>
/// A file that appears under its final name only once complete: written to a temporary name in the same
/// directory, flushed to disk, then renamed over the target. Disposed without commit, it leaves nothing behind.
/// </summary>
public sealed class AtomicFile : IAsyncDisposable
{
    /// <summary>Prefix of temporary names; readers of a store skip files starting with it.</summary>
    public const string TemporaryPrefix = ".tmp-";

    private readonly FileStream _stream;
    private readonly bool _durable;
    private bool _committed;

    private AtomicFile(string path, bool durable)
    {
        _durable = durable;
        TargetPath = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(TargetPath)!;
        Directory.CreateDirectory(directory);
        TemporaryPath = Path.Combine(directory, $"{TemporaryPrefix}{Path.GetFileName(TargetPath)}-{Guid.NewGuid():N}");
        _stream = new FileStream(TemporaryPath, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, useAsync: true);
    }

    public string TargetPath { get; }
    public string TemporaryPath { get; }
    public Stream Stream => _stream;

    /// <summary>
    /// Starts a file. <paramref name="durable"/> (stores) also flushes it to disk before the rename; without it the
    /// file is still never seen half-written, but a power loss may lose it (enough for deployed copies).
    /// </summary>
    public static AtomicFile Create(string path, bool durable = true) => new(path, durable);

    /// <summary>Writes <paramref name="content"/> to <paramref name="path"/> atomically.</summary>
    public static Task WriteAllBytesAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default, bool durable = true) =>
        DiskFullException.GuardAsync(path, content.Length, async () =>
        {
            await using var file = Create(path, durable);
            await file.Stream.WriteAsync(content, cancellationToken);
            await file.CommitAsync(cancellationToken);
        });

    /// <summary>Writes <paramref name="content"/> as UTF-8 (no BOM) atomically, with Unix <paramref name="mode"/> when given.</summary>
    public static Task WriteAllTextAsync(string path, string content, UnixFileMode? mode = null, CancellationToken cancellationToken = default) =>
        WriteAllBytesAsync(path, new System.Text.UTF8Encoding(false).GetBytes(content), mode, cancellationToken);

    /// <summary>
    /// <see cref="WriteAllTextAsync"/> for synchronous callers (the target-graph engine writing its schema, parameters
    /// and plan page before and after targets run; a console program, so there is no context to deadlock on).
    /// </summary>
    public static void WriteAllText(string path, string content) => WriteAllTextAsync(path, content).GetAwaiter().GetResult();

    /// <summary>Writes <paramref name="content"/> atomically, with Unix <paramref name="mode"/> when given.</summary>
    public static Task WriteAllBytesAsync(string path, byte[] content, UnixFileMode? mode, CancellationToken cancellationToken = default) =>
        DiskFullException.GuardAsync(path, content.Length, async () =>
        {
            await using var file = Create(path);
            await file.Stream.WriteAsync(content, cancellationToken);
            if (mode is { } m && !OperatingSystem.IsWindows()) File.SetUnixFileMode(file.TemporaryPath, m);
            await file.CommitAsync(cancellationToken);
        });

    /// <summary>Flushes (to disk when durable) and renames over the target.</summary>
    public async Task CommitAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        await _stream.FlushAsync(cancellationToken);
        if (_durable) _stream.Flush(flushToDisk: true);
        await _stream.DisposeAsync();
        File.Move(TemporaryPath, TargetPath, overwrite: true);
        _committed = true;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _stream.DisposeAsync();
        }
        catch (IOException) when (!_committed)
        {
            // A full disk fails the final flush of an abandoned write too; the file is dropped all the same.
        }
        finally
        {
            if (!_committed) File.Delete(TemporaryPath);
        }
    }
}
