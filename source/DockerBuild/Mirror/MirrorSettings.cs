using System.Text;

namespace DockerBuild.Mirror;

/// <summary>What the Mirror target needs from the command line; the password is a secret and never printed.</summary>
public sealed record MirrorSettings
{
    /// <summary>The state root (<c>.dockerbuild</c>); records go to <c>&lt;StateDir&gt;/mirror/&lt;platform&gt;.json</c>. The
    /// Mirror step takes it from the run's context.</summary>
    public string StateDir { get; init; } = "";
    /// <summary>The private registry (host[:port]) base images are copied into; required for image-based platforms.</summary>
    public string? Registry { get; init; }
    /// <summary>Where upstream images come from.</summary>
    public string UpstreamRegistry { get; init; } = "docker.io";
    /// <summary>Push the copy to <see cref="Registry"/>; without it the copy stays in the local engine.</summary>
    public bool Upload { get; init; }
    public string? RegistryUser { get; init; }
    public string? RegistryPassword { get; init; }

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append($"StateDir = {StateDir}, Registry = {Registry}, UpstreamRegistry = {UpstreamRegistry}, Upload = {Upload}, RegistryUser = {RegistryUser}, RegistryPassword = {(RegistryPassword is null ? "(none)" : "***")}");
        return true;
    }
}
