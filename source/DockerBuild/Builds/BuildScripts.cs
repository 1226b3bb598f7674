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

    /// <summary>
    /// The verification's unpacker: lays a wheel out the way an installer does (the verification root has no pip), the
    /// archive into the site directory, then the <c>.data/purelib</c> and <c>.data/platlib</c> contents moved up beside
    /// the packages. Run as <c>python3 install_wheel.py WHEEL SITE</c>.
    /// </summary>
    public const string WheelInstallerName = "install_wheel.py";

    public static byte[] WheelInstaller => _wheelInstaller ??= Read(WheelInstallerName);
    private static byte[]? _wheelInstaller;

    private static byte[] Read(string name) => EmbeddedFile.ReadBytes(typeof(BuildScripts).Assembly, $"DockerBuild.Builds.Scripts.{name}");
}
