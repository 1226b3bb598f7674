using System.Text.RegularExpressions;

namespace DockerBuild.Tools.Cipd.Packages;

/// <summary>
/// Collects the files of a directory tree for a package, as <c>cipd</c>'s file system scan does: regular files and
/// symlinks (never followed; an absolute target inside the root becomes relative), directories only by their content,
/// exclusion regexes matched against the whole slash-separated path relative to the package root (anchored at both
/// ends; an excluded directory is skipped entirely). Anything else (sockets, devices, pipes) is an error.
/// </summary>
public static class CipdFileScanner
{
    /// <summary>Scans <paramref name="startDirectory"/> (inside <paramref name="packageRoot"/>).</summary>
    public static IReadOnlyList<CipdPackageFile> Scan(string packageRoot, string startDirectory, IReadOnlyList<string>? excludePatterns = null)
    {
        var root = Path.GetFullPath(packageRoot);
        var start = Path.GetFullPath(startDirectory);
        if (!Directory.Exists(start)) throw new DirectoryNotFoundException($"cannot package \"{start}\": no such directory");
        var exclude = CompileExclusions(excludePatterns ?? []);
        var found = new List<CipdPackageFile>();
        Walk(new DirectoryInfo(start));
        return found;

        void Walk(DirectoryInfo directory)
        {
            foreach (var entry in directory.EnumerateFileSystemInfos().OrderBy(e => e.Name, StringComparer.Ordinal))
            {
                var name = RelativeName(root, entry.FullName);
                if (exclude.Any(re => re.IsMatch(name))) continue;
                if (entry.LinkTarget is { } target)
                    found.Add(new CipdPackageFile { Name = name, SymlinkTarget = NormaliseTarget(root, entry.FullName, target) });
                else if (entry is DirectoryInfo subdirectory)
                    Walk(subdirectory);
                else if (entry is FileInfo && (entry.Attributes & FileAttributes.Device) == 0)
                    found.Add(new CipdPackageFile { Name = name, SourcePath = entry.FullName, Executable = IsExecutable(entry.FullName) });
                else
                    throw new IOException($"cannot package \"{entry.FullName}\": not a regular file, directory or symlink");
            }
        }
    }

    /// <summary>One file (or symlink) given by path, named relative to <paramref name="packageRoot"/>.</summary>
    public static CipdPackageFile ScanFile(string packageRoot, string file)
    {
        var root = Path.GetFullPath(packageRoot);
        var info = new FileInfo(Path.GetFullPath(file));
        var name = RelativeName(root, info.FullName);
        if (info.LinkTarget is { } target) return new CipdPackageFile { Name = name, SymlinkTarget = NormaliseTarget(root, info.FullName, target) };
        if (!info.Exists) throw new FileNotFoundException($"cannot package \"{info.FullName}\": no such file", info.FullName);
        return new CipdPackageFile { Name = name, SourcePath = info.FullName, Executable = IsExecutable(info.FullName) };
    }

    /// <summary>Sorts by name the way Go sorts strings (by UTF-8 bytes), which is the order entries take in a package.</summary>
    public static IReadOnlyList<CipdPackageFile> SortByName(IEnumerable<CipdPackageFile> files) =>
        files.OrderBy(f => f.Name, Utf8Order.Instance).ToList();

    private static List<Regex> CompileExclusions(IReadOnlyList<string> patterns)
    {
        var compiled = new List<Regex>();
        foreach (var raw in patterns.Where(p => p.Length > 0))
        {
            var pattern = raw;
            if (!pattern.StartsWith('^')) pattern = "^" + pattern;
            // \z, not $: the Go client anchors at the very end of the path.
            pattern = pattern.EndsWith('$') ? pattern[..^1] + "\\z" : pattern + "\\z";
            try { compiled.Add(new Regex(pattern, RegexOptions.CultureInvariant)); }
            catch (ArgumentException e) { throw new CipdValidationException($"invalid exclude regex \"{raw}\": {e.Message}"); }
        }
        return compiled;
    }

    private static string RelativeName(string root, string path)
    {
        var relative = Path.GetRelativePath(root, path);
        if (relative == "." || relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative))
            throw new CipdValidationException($"\"{path}\" is not inside the package root \"{root}\"");
        return relative.Replace(Path.DirectorySeparatorChar, '/');
    }

    /// <summary>An absolute target inside the root is made relative to the link's directory so the package relocates.</summary>
    private static string NormaliseTarget(string root, string linkPath, string target)
    {
        if (!Path.IsPathRooted(target)) return target.Replace(Path.DirectorySeparatorChar, '/');
        var full = Path.GetFullPath(target);
        if (full == root || full.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            return Path.GetRelativePath(Path.GetDirectoryName(linkPath)!, full).Replace(Path.DirectorySeparatorChar, '/');
        return target;
    }

    private static bool IsExecutable(string path) =>
        !OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;

    private sealed class Utf8Order : IComparer<string>
    {
        public static readonly Utf8Order Instance = new();

        // UTF-16 ordinal order differs from UTF-8 byte order only around surrogates; compare bytes to match Go.
        public int Compare(string? x, string? y) =>
            System.Text.Encoding.UTF8.GetBytes(x ?? "").AsSpan().SequenceCompareTo(System.Text.Encoding.UTF8.GetBytes(y ?? ""));
    }
}
