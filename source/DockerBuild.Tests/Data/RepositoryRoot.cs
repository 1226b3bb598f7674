using NUnit.Framework;
namespace DockerBuild.Tests.Data;

/// <summary>Locates the checkout the tests run from: the nearest folder above the test binaries holding .nuke/.</summary>
internal static class RepositoryRoot
{
    public static string Find()
    {
        for (var directory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); directory is not null; directory = directory.Parent)
        {
            if (Directory.Exists(Path.Combine(directory.FullName, ".nuke")))
                return directory.FullName;
        }
        throw new InvalidOperationException(
            $"No folder with .nuke/ above {TestContext.CurrentContext.TestDirectory}: the tests must run from a checkout.");
    }

    public static string Platforms => Path.Combine(Find(), "platforms");

    public static string Wheels => Path.Combine(Find(), "wheels");
}
