namespace DockerBuild.Sources.Packing;

/// <summary>An archive or tree whose entry would land outside its root (<c>../</c>, absolute path, escaping link).</summary>
public sealed class HostileArchiveException(string archive, string entry, string reason, Exception? inner = null)
    : Exception($"refusing '{archive}': entry '{entry}' {reason}; entries must stay inside the tree (no '..', no absolute paths, no links leading out)", inner)
{
    public string Archive { get; } = archive;
    public string Entry { get; } = entry;
}
