using System.Globalization;

namespace DockerBuild.StoreCare;

/// <summary>
/// Where damaged files go instead of being deleted: <c>&lt;state-dir&gt;/quarantine/&lt;UTC time&gt;/&lt;path under the
/// state directory&gt;</c>, so the evidence of what went wrong stays beside the run that found it.
/// </summary>
public sealed class Quarantine
{
    private readonly string _stateDirectory;

    public Quarantine(string stateDirectory, DateTimeOffset now)
    {
        _stateDirectory = Path.GetFullPath(stateDirectory);
        var stamp = now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var root = Path.Combine(_stateDirectory, "quarantine", stamp);
        for (var n = 2; Directory.Exists(root); n++) root = Path.Combine(_stateDirectory, "quarantine", $"{stamp}-{n}");
        Root = root;
    }

    /// <summary>The folder of this run's quarantine (made on first use).</summary>
    public string Root { get; }

    /// <summary>True once anything was put aside.</summary>
    public bool Used { get; private set; }

    /// <summary>Moves a file or folder into the quarantine, keeping its path under the state directory; returns where it went.</summary>
    public string MoveAside(string path)
    {
        var destination = DestinationFor(path);
        if (Directory.Exists(path)) Directory.Move(path, destination);
        else File.Move(path, destination);
        return destination;
    }

    /// <summary>Copies a file into the quarantine before it is changed in place (an index that loses an entry).</summary>
    public string CopyAside(string file)
    {
        var destination = DestinationFor(file);
        File.Copy(file, destination);
        return destination;
    }

    private string DestinationFor(string path)
    {
        var full = Path.GetFullPath(path);
        var relative = Path.GetRelativePath(_stateDirectory, full);
        if (relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative)) relative = Path.Combine("outside", Path.GetFileName(full));
        var destination = Path.Combine(Root, relative);
        for (var n = 2; File.Exists(destination) || Directory.Exists(destination); n++) destination = Path.Combine(Root, $"{relative}.{n}");
        Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
        Used = true;
        return destination;
    }
}
