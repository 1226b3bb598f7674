using DockerBuild.Sources.Interning;
using DockerBuild.Tools.Cipd;

namespace DockerBuild.Sources;

/// <summary>What the Sources step did with one source.</summary>
public enum SourceInternState
{
    /// <summary>The store already had <c>version:&lt;v&gt;</c>; nothing was downloaded.</summary>
    AlreadyInterned,
    /// <summary>Acquired, verified and registered in the store during this run.</summary>
    Interned,
    /// <summary>Acquired and verified, but not registered (no --upload-sources); the run ends with a warning.</summary>
    NotInterned,
}

/// <summary>One source's outcome: its package instance and, when it was acquired, the verified file in the cache.</summary>
public sealed record SourceReportEntry(string Name, string Version, SourceKind Kind, string InstanceId, SourceInternState State, string? CacheFile)
{
    public CipdPin Pin => new(SourcePackages.PackageName(Name), InstanceId);
}

/// <summary>The outcome of the Sources step for every declared source.</summary>
public sealed record SourcesReport(IReadOnlyList<SourceReportEntry> Sources)
{
    /// <summary>Sources that were verified but are not in the store.</summary>
    public IReadOnlyList<SourceReportEntry> NotInterned => Sources.Where(s => s.State == SourceInternState.NotInterned).ToList();

    /// <summary>The warning the run ends with when sources are not interned, or null.</summary>
    public string? Warning => NotInterned.Count == 0
        ? null
        : $"{NotInterned.Count} source(s) not interned in the package store (run with --upload-sources to register them): "
          + string.Join(", ", NotInterned.Select(s => $"{s.Name} {s.Version}"));

    /// <summary>The package pin of a source by name; throws naming the known sources when it is not in this report.</summary>
    public CipdPin PinOf(string name) => (Sources.FirstOrDefault(s => s.Name == name)
        ?? throw new KeyNotFoundException($"no source named '{name}' in this run; known: {string.Join(", ", Sources.Select(s => s.Name))}")).Pin;
}
