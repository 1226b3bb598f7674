namespace DockerBuild.Sources.Packing;

/// <summary>Decides whether an entry path or link target stays inside the tree it belongs to.</summary>
public static class ArchivePathGuard
{
    /// <summary>Whether an entry names the root itself (<c>./</c>, as <c>tar -C dir .</c> writes): harmless, and skipped.</summary>
    public static bool NamesRoot(string entryName)
        => entryName.Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries).All(s => s == ".") && !entryName.StartsWith('/');

    /// <summary>The entry path as clean relative segments joined by '/'; throws when it would leave the tree.</summary>
    public static string CheckEntryPath(string archive, string entryName)
    {
        if (string.IsNullOrEmpty(entryName)) throw new HostileArchiveException(archive, entryName, "has an empty name");
        if (entryName.Contains('\0')) throw new HostileArchiveException(archive, entryName, "contains a NUL character");
        var unified = entryName.Replace('\\', '/');
        if (unified.StartsWith('/') || (unified.Length >= 2 && char.IsAsciiLetter(unified[0]) && unified[1] == ':'))
            throw new HostileArchiveException(archive, entryName, "is an absolute path");
        var segments = unified.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(s => s != ".").ToList();
        if (segments.Contains("..")) throw new HostileArchiveException(archive, entryName, "contains a '..' segment");
        if (segments.Count == 0) throw new HostileArchiveException(archive, entryName, "names the root itself");
        return string.Join('/', segments);
    }

    /// <summary>Throws when a symbolic link at <paramref name="entryPath"/> pointing at <paramref name="linkTarget"/> leads out of the tree.</summary>
    public static void CheckSymbolicLink(string archive, string entryPath, string linkTarget)
    {
        if (string.IsNullOrEmpty(linkTarget)) throw new HostileArchiveException(archive, entryPath, "is a link with an empty target");
        var unified = linkTarget.Replace('\\', '/');
        if (unified.StartsWith('/') || (unified.Length >= 2 && char.IsAsciiLetter(unified[0]) && unified[1] == ':'))
            throw new HostileArchiveException(archive, entryPath, $"is a link to the absolute path '{linkTarget}'");
        var stack = new List<string>(CheckEntryPath(archive, entryPath).Split('/')[..^1]);
        foreach (var segment in unified.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (segment == ".") continue;
            if (segment == "..")
            {
                if (stack.Count == 0) throw new HostileArchiveException(archive, entryPath, $"is a link to '{linkTarget}', outside the tree");
                stack.RemoveAt(stack.Count - 1);
            }
            else stack.Add(segment);
        }
    }

    /// <summary>The hard link's target as a clean in-tree path; throws naming the link entry when it would leave the tree.</summary>
    public static string CheckHardLink(string archive, string entryPath, string linkTarget)
    {
        try
        {
            return CheckEntryPath(archive, linkTarget);
        }
        catch (HostileArchiveException e)
        {
            throw new HostileArchiveException(archive, entryPath, $"is a hard link to '{linkTarget}', which is not inside the tree", e);
        }
    }
}
