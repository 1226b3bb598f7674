using DockerBuild.Tools.IO;

namespace DockerBuild.Images.Recipe;

/// <summary>
/// The two scripts of an image, kept as files under <c>Images/Recipe/Scripts/</c> and embedded in the assembly: the
/// entrypoint inside it (no command → print the host script; else run the command, giving a uid without a home
/// directory a writable HOME), and the dockcross-style host script that runs the image on the current directory with
/// nothing but the docker CLI. Their bytes are inputs of the image's content key.
/// </summary>
public static class EntrypointScripts
{
    /// <summary>Placeholder in <see cref="HostScriptTemplate"/> replaced by the image name.</summary>
    public const string ImagePlaceholder = "@DOCKERBUILD_IMAGE@";
    /// <summary>Where the host script template lives inside the image.</summary>
    public const string HostScriptPath = "/usr/lib/dockerbuild/dockcross-script";
    /// <summary>Where the entrypoint lives inside the image.</summary>
    public const string EntrypointPath = "/usr/local/bin/dockerbuild-entrypoint";

    /// <summary>The entrypoint, <c>Scripts/entrypoint.sh</c> as written.</summary>
    public static string Entrypoint => _entrypoint ??= Read("entrypoint.sh");
    private static string? _entrypoint;

    /// <summary>The host script with <see cref="ImagePlaceholder"/> for the image, <c>Scripts/dockcross-script.sh</c> as written.</summary>
    public static string HostScriptTemplate => _hostScriptTemplate ??= Read("dockcross-script.sh");
    private static string? _hostScriptTemplate;

    /// <summary>The host script for a given image, exactly as the image prints it.</summary>
    public static string HostScriptFor(string image) => HostScriptTemplate.Replace(ImagePlaceholder, image, StringComparison.Ordinal);

    private static string Read(string fileName) =>
        EmbeddedFile.ReadText(typeof(EntrypointScripts).Assembly, $"DockerBuild.Images.Recipe.Scripts.{fileName}");
}
