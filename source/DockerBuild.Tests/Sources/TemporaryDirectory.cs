namespace DockerBuild.Tests.Sources;

/// <summary>A fresh directory under the system temp dir, removed on dispose.</summary>
public sealed class TemporaryDirectory : IDisposable
{
    public TemporaryDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "dockerbuild-sources-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    /// <summary>Every regular file below the directory, as paths relative to it.</summary>
    public IReadOnlyList<string> Files(string relative = "")
    {
        var root = Combine(relative);
        return Directory.Exists(root)
            ? Directory.EnumerateFiles(root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
                .Select(f => System.IO.Path.GetRelativePath(root, f)).Order(StringComparer.Ordinal).ToList()
            : [];
    }

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
