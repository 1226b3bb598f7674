using DockerBuild.Platforms;

namespace DockerBuild.Images;

/// <summary>How a platform's image came to be present.</summary>
public enum ImageOutcome
{
    /// <summary>Already in the engine under its content key: nothing was built.</summary>
    UpToDate,
    /// <summary>Pulled from the registry.</summary>
    Pulled,
    /// <summary>Built here.</summary>
    Built,
}

/// <summary>A platform's image after GenerateImage, and the files written for it.</summary>
/// <param name="ManifestFile"><c>&lt;state&gt;/images/&lt;platform&gt;.manifest</c>: every installed package and version.</param>
/// <param name="ScriptFile"><c>&lt;state&gt;/bin/dockcross-&lt;platform&gt;</c>: runs the image with only the docker CLI.</param>
public sealed record GeneratedImage(PlatformSpec Platform, ImageReference Reference, ImageOutcome Outcome, string ManifestFile, string ScriptFile, bool Pushed);
