namespace DockerBuild.Tools.Cipd;

/// <summary>
/// A CIPD package store: the local repository under <c>&lt;state-dir&gt;/cipd/</c> (the embedded default) or the
/// real service through the <c>cipd</c> CLI. Version strings are an instance ID, a ref or a <c>key:value</c> tag.
/// </summary>
public interface ICipdRepository
{
    /// <summary>Registers a package file (idempotent); verifies its instance ID; returns it.</summary>
    Task<CipdPin> RegisterAsync(string packageFile, CancellationToken cancellationToken = default);

    /// <summary>Resolves a version to one instance; null when nothing matches; a tag on two instances is an error.</summary>
    Task<CipdPin?> ResolveAsync(string package, string version, CancellationToken cancellationToken = default);

    /// <summary>Attaches <c>key:value</c> tags to a registered instance.</summary>
    Task SetTagsAsync(CipdPin pin, IEnumerable<string> tags, CancellationToken cancellationToken = default);

    /// <summary>Points a ref (e.g. <c>latest</c>) at a registered instance.</summary>
    Task SetRefAsync(CipdPin pin, string refName, CancellationToken cancellationToken = default);

    /// <summary>Writes the instance's package file to <paramref name="destinationFile"/>.</summary>
    Task FetchAsync(CipdPin pin, string destinationFile, CancellationToken cancellationToken = default);

    /// <summary>Extracts the instance into <paramref name="root"/>.</summary>
    Task DeployAsync(CipdPin pin, string root, CancellationToken cancellationToken = default);

    /// <summary>Instances of a package carrying the given tag.</summary>
    Task<IReadOnlyList<CipdPin>> SearchAsync(string package, string tag, CancellationToken cancellationToken = default);

    /// <summary>Tags, refs and registration time of an instance.</summary>
    Task<CipdInstanceDescription> DescribeAsync(CipdPin pin, CancellationToken cancellationToken = default);

    /// <summary>Package names under a prefix ("" for all).</summary>
    Task<IReadOnlyList<string>> ListPackagesAsync(string prefix, CancellationToken cancellationToken = default);

    /// <summary>Every registered instance of a package, oldest first.</summary>
    Task<IReadOnlyList<CipdPin>> ListInstancesAsync(string package, CancellationToken cancellationToken = default);
}

/// <summary>A package name and one of its instance IDs.</summary>
public sealed record CipdPin(string Package, string InstanceId)
{
    public override string ToString() => $"{Package}:{InstanceId}";
}

/// <summary>What the store knows of one instance.</summary>
public sealed record CipdInstanceDescription(
    CipdPin Pin,
    DateTimeOffset RegisteredAt,
    IReadOnlyList<string> Tags,
    IReadOnlyList<string> Refs);
