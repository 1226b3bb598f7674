namespace DockerBuild.Tests.Cipd;

/// <summary>A fresh directory under the system temp dir, deleted on dispose.</summary>
internal sealed class TemporaryDirectory : IDisposable
{
    public TemporaryDirectory()
    {
        Path = Directory.CreateTempSubdirectory("cipd-test-").FullName;
    }

    public string Path { get; }

    public string this[string relative] => System.IO.Path.Combine(Path, relative);

    /// <summary>Writes a file (creating parents), optionally executable.</summary>
    public string Write(string relative, string content, bool executable = false)
    {
        var file = this[relative];
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(file)!);
        File.WriteAllText(file, content);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead
            | (executable ? UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute : 0));
        return file;
    }

    public string Symlink(string relative, string target)
    {
        var link = this[relative];
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(link)!);
        File.CreateSymbolicLink(link, target);
        return link;
    }

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
