using DockerBuild.Tools.IO;

namespace DockerBuild.Builds;

/// <summary>
/// The scripts the build copies into its containers, kept as files under <c>Builds/Scripts/</c> (so they can be read,
/// linted and tested as scripts) and embedded in the assembly.
/// </summary>
public static class BuildScripts
{
    /// <summary>The PEP 517 frontend that checks build requirements, then runs the source's backend.</summary>
    public const string FrontendName = "pep517_build.py";

    public static byte[] Frontend => _frontend ??= Read(FrontendName);
    private static byte[]? _frontend;

    private static byte[] Read(string name) => EmbeddedFile.ReadBytes(typeof(BuildScripts).Assembly, $"DockerBuild.Builds.Scripts.{name}");
}
