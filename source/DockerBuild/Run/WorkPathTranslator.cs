namespace DockerBuild.Run;

/// <summary>
/// Translates host paths under the work directory to their place under the container's mount point (/work), in
/// arguments and in <c>NAME=/path</c> values; anything else passes unchanged.
/// </summary>
public sealed class WorkPathTranslator
{
    /// <summary>Where the work directory is mounted in the container.</summary>
    public const string MountPoint = "/work";

    private readonly string _workDirectory;

    /// <param name="workDirectory">Absolute host path of the work directory.</param>
    public WorkPathTranslator(string workDirectory)
    {
        if (!Path.IsPathRooted(workDirectory))
            throw new ArgumentException($"the work directory '{workDirectory}' must be an absolute path.", nameof(workDirectory));
        _workDirectory = Normalise(workDirectory);
    }

    /// <summary>The container path of a host path under the work directory; null when it is outside.</summary>
    public string? ToContainer(string hostPath)
    {
        if (!Path.IsPathRooted(hostPath)) return null;
        var path = Normalise(hostPath);
        if (path == _workDirectory) return MountPoint;
        var root = _workDirectory == "/" ? "/" : _workDirectory + "/";
        return path.StartsWith(root, StringComparison.Ordinal) ? $"{MountPoint}/{path[root.Length..]}" : null;
    }

    /// <summary>The container working directory for <paramref name="currentDirectory"/>; throws when it is outside the work directory.</summary>
    public string WorkingDirectoryFor(string currentDirectory) =>
        ToContainer(currentDirectory)
        ?? throw new ArgumentException($"the current directory '{currentDirectory}' is not inside the work directory '{_workDirectory}'; pass a --workdir that contains it.");

    /// <summary>An argument with a host path (the whole argument, or the value of <c>NAME=path</c>) translated.</summary>
    public string TranslateArgument(string argument)
    {
        if (ToContainer(argument) is { } whole) return whole;
        var equals = argument.IndexOf('=');
        if (equals > 0 && ToContainer(argument[(equals + 1)..]) is { } value) return argument[..(equals + 1)] + value;
        return argument;
    }

    /// <summary>Every argument translated.</summary>
    public IReadOnlyList<string> TranslateArguments(IEnumerable<string> arguments) => arguments.Select(TranslateArgument).ToList();

    /// <summary>Absolute, without trailing separators or <c>.</c>/<c>..</c> segments (no symlink resolution).</summary>
    private static string Normalise(string path)
    {
        var full = Path.GetFullPath(path);
        return full.Length > 1 ? full.TrimEnd('/') : full;
    }
}
