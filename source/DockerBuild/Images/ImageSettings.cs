using DockerBuild.Mirror;
using DockerBuild.Tools.Cipd;

namespace DockerBuild.Images;

/// <summary>What GenerateImage is asked to do, beyond which platforms: where state lives, which registry, which mirrors.</summary>
public sealed record ImageSettings
{
    /// <summary>The state root (normally <c>.dockerbuild</c>): mirror/, images/, logs/, bin/, temp/ live under it. A step
    /// takes it from the run's context (<see cref="GenerateImageStep.ForRun"/>).</summary>
    public string StateDirectory { get; init; } = "";
    /// <summary>Private registry host[:port] images are pulled from and pushed to; null for local-only images.</summary>
    public string? Registry { get; init; }
    /// <summary>
    /// Credentials for <see cref="Registry"/> (pull and push); null uses those stored for it in ~/.docker/config.json.
    /// </summary>
    public RegistryLogin? RegistryLogin { get; init; }
    /// <summary>Build even when an image with the content key exists.</summary>
    public bool Rebuild { get; init; }
    /// <summary>Build without the engine's layer cache (every apt step runs again).</summary>
    public bool NoCache { get; init; }
    /// <summary>Push the image to <see cref="Registry"/> after it is present.</summary>
    public bool Upload { get; init; }
    /// <summary>Debian archive URL for debootstrap; null reads it from the host's apt sources.</summary>
    public string? DebianMirror { get; init; }
    /// <summary>
    /// Root of a Debian snapshot archive (the part before the timestamp, e.g. <c>http://host/archive/debian</c>);
    /// required when a platform pins a snapshot.
    /// </summary>
    public string? DebianSnapshotMirror { get; init; }
    /// <summary>Sources the image recipe copies in (from the CIPD store); their instance IDs are part of the key.</summary>
    public IReadOnlyList<CipdPin> RecipeSources { get; init; } = [];
    /// <summary>Store the recipe sources are deployed from; needed only when <see cref="RecipeSources"/> is non-empty.</summary>
    public ICipdRepository? Cipd { get; init; }
    /// <summary>Engine network mode for build steps (e.g. <c>host</c>); null keeps the default bridge.</summary>
    public string? BuildNetworkMode { get; init; }
    /// <summary>Where one-line status and build progress are written; a step writes to the run's output.</summary>
    public TextWriter Output { get; init; } = TextWriter.Null;
}
