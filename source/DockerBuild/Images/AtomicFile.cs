namespace DockerBuild.Images;

/// <summary>Writes a state file so readers see the old content or the new, never a torn one (temp in same dir, fsync, rename).</summary>
public static class AtomicFile
{
    public static async Task WriteAsync(string path, byte[] content, UnixFileMode? mode = null, CancellationToken cancellationToken = default)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            await using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                await stream.WriteAsync(content, cancellationToken);
                stream.Flush(flushToDisk: true);
            }
            if (mode is { } m && !OperatingSystem.IsWindows()) File.SetUnixFileMode(temporary, m);
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
    }

    public static Task WriteAsync(string path, string content, UnixFileMode? mode = null, CancellationToken cancellationToken = default) =>
        WriteAsync(path, System.Text.Encoding.UTF8.GetBytes(content), mode, cancellationToken);
}
