using DockerBuild.Packaging;
using DockerBuild.Tools.Cipd;

namespace DockerBuild.Uploads;

/// <summary>
/// Where a package's refs belong: <c>latest</c> at its highest version, and series refs (<c>1.x</c>, <c>1.5.x</c>) at
/// the highest version of each series. Final releases win over pre-releases (as pip chooses); a group holding only
/// pre-releases points at its highest one. Versions with a non-zero epoch only take part in <c>latest</c> (a ref
/// cannot contain '!').
/// </summary>
public static class VersionRefs
{
    public const string Latest = "latest";

    /// <summary>An instance and the version its <c>version:</c> tag names.</summary>
    public sealed record VersionedInstance(PythonVersion Version, CipdPin Pin);

    /// <summary>Ref name → the instance it should point at, ordered by ref name.</summary>
    public static IReadOnlyList<(string Ref, VersionedInstance Target)> Compute(IReadOnlyList<VersionedInstance> instances)
    {
        var refs = new List<(string, VersionedInstance)>();
        if (instances.Count == 0) return refs;
        refs.Add((Latest, Highest(instances)));
        var plain = instances.Where(i => i.Version.Epoch == 0).ToList();
        foreach (var group in plain.GroupBy(i => $"{i.Version.Release[0]}.x"))
            refs.Add((group.Key, Highest(group.ToList())));
        foreach (var group in plain.Where(i => i.Version.Release.Count >= 2).GroupBy(i => $"{i.Version.Release[0]}.{i.Version.Release[1]}.x"))
            refs.Add((group.Key, Highest(group.ToList())));
        return refs.OrderBy(r => r.Item1, StringComparer.Ordinal).ToList();
    }

    private static VersionedInstance Highest(IReadOnlyList<VersionedInstance> group)
    {
        var finals = group.Where(i => !i.Version.IsPrerelease).ToList();
        var candidates = finals.Count > 0 ? finals : group;
        // Equal versions (1.0 and 1.0.0) on two instances: the later-registered one, which comes last, wins.
        return candidates.Aggregate((best, next) => next.Version.CompareTo(best.Version) >= 0 ? next : best);
    }
}
