using DockerBuild.Tests.Reliability.Support;
using NUnit.Framework;

namespace DockerBuild.Tests.Reliability;

/// <summary>
/// Runs once around the Reliability category: makes the build assembly current before the first case and, at the
/// end, prints the table of cases (to the test progress stream and to <c>reliability.md</c> in the results folder:
/// <c>DOCKERBUILD_TEST_RESULTS</c> when set, else the test work directory).
/// </summary>
[SetUpFixture]
public sealed class ReliabilitySuite
{
    [OneTimeSetUp]
    public async Task BuildAssemblyAsync() => await BuildCommand.BuildAssemblyAsync();

    [OneTimeTearDown]
    public void WriteTable()
    {
        if (ReliabilityLedger.IsEmpty) return;
        var table = ReliabilityLedger.RenderMarkdown();
        TestContext.Progress.WriteLine(table);
        var directory = Environment.GetEnvironmentVariable("DOCKERBUILD_TEST_RESULTS") is { Length: > 0 } configured
            ? configured
            : TestContext.CurrentContext.WorkDirectory;
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "reliability.md"), table);
        TestContext.Progress.WriteLine($"Reliability table written to {Path.Combine(directory, "reliability.md")}");
    }
}
