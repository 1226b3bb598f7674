using DockerBuild.Tests.Data;

namespace DockerBuild.Tests.Reliability.Support;

/// <summary>
/// A throw-away build root the real build accepts: copies of the checkout's platforms/, wheels/ and .nuke/, plus a
/// state directory of its own beside it. Tests edit the copies freely; the checkout is never touched.
/// </summary>
internal sealed class ScratchCheckout : IDisposable
{
    public ScratchCheckout()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("dockerbuild-reliability-").FullName;
        System.IO.Directory.CreateDirectory(Root);
        var checkout = RepositoryRoot.Find();
        foreach (var folder in new[] { "platforms", "wheels", ".nuke" })
            CopyTree(Path.Combine(checkout, folder), Path.Combine(Root, folder));
        var temp = Path.Combine(Root, ".nuke", "temp");
        if (System.IO.Directory.Exists(temp)) System.IO.Directory.Delete(temp, recursive: true);
    }

    /// <summary>Holds the root and the state directory (and anything a test wants outside both).</summary>
    public string Directory { get; }
    public string Root => Path.Combine(Directory, "root");
    public string StateDirectory => Path.Combine(Directory, "state");
    public string Platforms => Path.Combine(Root, "platforms");
    public string Wheels => Path.Combine(Root, "wheels");
    public string Store => Path.Combine(StateDirectory, "cipd");

    /// <summary>Replaces the wheel specs with one file holding <paramref name="yaml"/> (so only these wheels exist).</summary>
    public string ReplaceWheels(string yaml, string fileName = "reliability.yaml")
    {
        foreach (var file in System.IO.Directory.EnumerateFiles(Wheels, "*.yaml")) File.Delete(file);
        var path = Path.Combine(Wheels, fileName);
        File.WriteAllText(path, yaml);
        return path;
    }

    /// <summary>Replaces the one occurrence of <paramref name="from"/> in wheels/<paramref name="fileName"/> (the shipped specs, edited in place).</summary>
    public void EditWheels(string fileName, string from, string to)
    {
        var path = Path.Combine(Wheels, fileName);
        var text = File.ReadAllText(path);
        var at = text.IndexOf(from, StringComparison.Ordinal);
        if (at < 0 || text.IndexOf(from, at + 1, StringComparison.Ordinal) >= 0)
            throw new InvalidOperationException($"{path} must hold \"{from}\" exactly once to be edited");
        File.WriteAllText(path, text.Replace(from, to, StringComparison.Ordinal));
    }

    public string WritePlatform(string fileName, string yaml)
    {
        var path = Path.Combine(Platforms, fileName);
        File.WriteAllText(path, yaml);
        return path;
    }

    /// <summary>Every file under the state directory and the root's .nuke/, relative to <see cref="Directory"/>.</summary>
    public IReadOnlyList<string> WrittenFiles() =>
        new[] { StateDirectory, Path.Combine(Root, ".nuke") }
            .Where(System.IO.Directory.Exists)
            .SelectMany(d => System.IO.Directory.EnumerateFiles(d, "*", SearchOption.AllDirectories))
            .Select(f => Path.GetRelativePath(Directory, f))
            .Order(StringComparer.Ordinal)
            .ToList();

    private static void CopyTree(string from, string to)
    {
        System.IO.Directory.CreateDirectory(to);
        foreach (var directory in System.IO.Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories))
            System.IO.Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, directory)));
        foreach (var file in System.IO.Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
            File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)));
    }

    public void Dispose()
    {
        try { System.IO.Directory.Delete(Directory, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
