namespace DockerBuild.Wheels.Archive;

/// <summary>Refuses entry names that would land outside the install directory or are ambiguous across systems.</summary>
internal static class ArchiveEntryName
{
    public static void Check(string wheel, string name)
    {
        string? problem = null;
        if (name.Length == 0) problem = "has an empty name";
        else if (name.StartsWith('/') || name.StartsWith('\\') || (name.Length > 1 && name[1] == ':'))
            problem = "is an absolute path; wheel entries must be relative";
        else if (name.Contains('\\')) problem = "contains a backslash; wheel entries use '/'";
        else if (name.Contains('\0')) problem = "contains a NUL character";
        else if (name.TrimEnd('/').Split('/').Any(segment => segment is ".." or "." or ""))
            problem = "has a '..', '.' or empty path segment, which could escape the install directory";
        if (problem is not null) throw new WheelArchiveException(wheel, name, problem);
    }
}
