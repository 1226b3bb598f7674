using Docker.DotNet;

namespace DockerBuild.Tools.Engine.Connection;

/// <summary>
/// The endpoint of the Docker context in use (DOCKER_CONTEXT, else <c>currentContext</c> in the docker config), read by
/// the package's <see cref="DockerConfig"/> from the given environment rather than the process's.
/// </summary>
internal static class DockerContexts
{
    /// <summary>The context's host (<c>unix:///…</c>, <c>tcp://…</c>); null when no context other than the default is chosen.</summary>
    public static string? Endpoint(Func<string, string?> getVariable, string homeDirectory)
    {
        var settings = new CliSettings(ConfigDirectory(getVariable, homeDirectory), getVariable("DOCKER_CONTEXT"));
        try
        {
            var endpoint = new DockerConfig(settings).GetEndpoint();
            return endpoint.Scheme == "unix" && endpoint.LocalPath == EngineEndpoint.DefaultUnixSocket ? null : endpoint.OriginalString;
        }
        catch (DockerConfigurationException e)
        {
            throw new ArgumentException($"{e.Message} Create it with 'docker context create', or unset DOCKER_CONTEXT (or currentContext in {settings.DockerConfig}/config.json).", e);
        }
    }

    /// <summary>$DOCKER_CONFIG, else ~/.docker: where config.json and the contexts live.</summary>
    public static string ConfigDirectory(Func<string, string?> getVariable, string homeDirectory)
    {
        var dir = getVariable("DOCKER_CONFIG");
        return string.IsNullOrEmpty(dir) ? Path.Combine(homeDirectory, ".docker") : dir;
    }

    private sealed record CliSettings(string DockerConfig, string? DockerContext) : IDockerCliSettings
    {
        public string? DockerHost => null;
        public string? DockerTlsVerify => null;
    }
}
