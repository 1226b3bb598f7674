namespace DockerBuild.Tools.Docker.Auth;

/// <summary>Chooses the credentials sent for an image: explicit ones first, then the config.json entry for its registry.</summary>
internal sealed class RegistryAuthResolver(DockerConfigCredentials? stored)
{
    public AuthConfig? Resolve(string image, AuthConfig? explicitAuth)
    {
        if (explicitAuth is not null) return explicitAuth;
        return stored?.Find(RegistryAddress.Of(image));
    }

    public string HeaderFor(string image, AuthConfig? explicitAuth) =>
        Resolve(image, explicitAuth)?.ToHeaderValue() ?? AuthConfig.AnonymousHeaderValue;
}
