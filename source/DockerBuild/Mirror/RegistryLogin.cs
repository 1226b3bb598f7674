using DockerBuild.Tools.Engine;

namespace DockerBuild.Mirror;

/// <summary>
/// The user and password given for --registry (--registry-user, --registry-password). A class, not a record, so that
/// printing the settings that hold it never prints the password.
/// </summary>
public sealed class RegistryLogin(string user, string? password)
{
    public string User { get; } = user;

    /// <summary>The credentials the engine sends to <paramref name="registry"/> when it pulls or pushes there.</summary>
    public RegistryCredentials For(string registry) => new(User, password, registry);

    /// <summary>A login when a user was given; null leaves the engine client to ~/.docker/config.json.</summary>
    public static RegistryLogin? From(string? user, string? password) => string.IsNullOrEmpty(user) ? null : new RegistryLogin(user, password);

    public override string ToString() => $"{User} (password not shown)";
}
