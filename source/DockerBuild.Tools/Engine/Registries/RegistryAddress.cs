namespace DockerBuild.Tools.Engine.Registries;

/// <summary>The registry part of an image reference, with Docker's rule for when the first path part is a host.</summary>
public static class RegistryAddress
{
    public const string DockerHub = "docker.io";

    /// <summary><c>127.0.0.1:5000/a/b:t</c> → <c>127.0.0.1:5000</c>; <c>ubuntu</c> or <c>dockcross/x</c> → <c>docker.io</c>.</summary>
    public static string Of(string image)
    {
        var slash = image.IndexOf('/');
        if (slash < 0) return DockerHub;
        var first = image[..slash];
        return first.Contains('.') || first.Contains(':') || first == "localhost" ? first : DockerHub;
    }
}
