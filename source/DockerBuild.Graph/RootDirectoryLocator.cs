using DockerBuild.Graph.Parameters;

namespace DockerBuild.Graph;

/// <summary>Finds the build root: <c>--root</c>, else the invocation's root, else the nearest directory upwards holding <c>.nuke/</c>.</summary>
internal static class RootDirectoryLocator
{
    public static string Find(CommandLine commandLine, BuildInvocation invocation)
    {
        if (commandLine.Find(ParameterCatalog.Root.Name) is { } option)
        {
            if (option.Values.Count != 1)
                throw new BuildInvocationException("--root takes exactly one directory.");
            var given = Path.GetFullPath(option.Values[0], invocation.WorkingDirectory);
            return Directory.Exists(given)
                ? given
                : throw new BuildInvocationException($"--root {option.Values[0]}: the directory does not exist.");
        }
        if (invocation.RootDirectory != null)
            return Path.GetFullPath(invocation.RootDirectory);
        for (var directory = new DirectoryInfo(invocation.WorkingDirectory); directory != null; directory = directory.Parent)
            if (Directory.Exists(Path.Combine(directory.FullName, ".nuke")))
                return directory.FullName;
        throw new BuildInvocationException(
            $"No build root found: no directory from {invocation.WorkingDirectory} upwards holds a .nuke/ directory. Pass --root <directory>.");
    }
}
