using NUnit.Framework;
namespace DockerBuild.Tests.Data;

/// <summary>A throw-away checkout layout (platforms/, wheels/, wheels/patches/) for invalid inputs.</summary>
internal sealed class SpecScratch : IDisposable
{
    public SpecScratch()
    {
        Root = Path.Combine(Path.GetTempPath(), "dockerbuild-data-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Platforms);
        Directory.CreateDirectory(Path.Combine(Wheels, "patches"));
    }

    public string Root { get; }

    public string Platforms => Path.Combine(Root, "platforms");

    public string Wheels => Path.Combine(Root, "wheels");

    public void WritePlatform(string fileName, string yaml) => File.WriteAllText(Path.Combine(Platforms, fileName), yaml);

    public void WriteWheels(string fileName, string yaml) => File.WriteAllText(Path.Combine(Wheels, fileName), yaml);

    public void Dispose()
    {
        if (Directory.Exists(Root))
            Directory.Delete(Root, recursive: true);
    }
}
