using DockerBuild.Tests.Data;
using DockerBuild.Tests.Reliability.Support;
using DockerBuild.Tools.Process;
using NUnit.Framework;

namespace DockerBuild.Tests.Graph;

/// <summary>
/// The real <c>./build.sh</c> passes its own directory as <c>--root</c> only when the user gave none: a user's
/// <c>--root</c> wins in every spelling the build accepts, wherever it stands among targets and options.
/// </summary>
[TestFixture]
[Category("Graph")]
public sealed class BootstrapScriptRootTests
{
    private ScratchCheckout _checkout = null!;

    [SetUp]
    public void CreateCheckout() => _checkout = new ScratchCheckout();

    [TearDown]
    public void RemoveCheckout() => _checkout.Dispose();

    private static readonly string[][] Spellings =
    [
        ["--root", "{root}", "--plan"],
        ["--root={root}", "--plan"],
        ["--plan", "--Root", "{root}"],
        ["BuildWheel", "--platform", "linux-arm64-py3.11", "--root={root}", "--plan"],
        ["Run", "--platform", "linux-arm64-py3.11", "--root", "{root}", "--plan", "--", "ls", "--root", "/"],
    ];

    [TestCaseSource(nameof(Spellings))]
    public async Task A_users_root_is_the_build_root(string[] arguments)
    {
        await BuildCommand.BuildAssemblyAsync();
        var checkout = RepositoryRoot.Find();

        var result = await ProcessRunner.RunAsync(new ProcessSpec
        {
            FileName = Path.Combine(checkout, "build.sh"),
            Arguments = arguments.Select(a => a.Replace("{root}", _checkout.Root, StringComparison.Ordinal)).ToList(),
            WorkingDirectory = checkout,
        });

        Assert.That(result.ExitCode, Is.EqualTo(0), result.StandardError + result.StandardOutput);
        Assert.That(result.StandardError + result.StandardOutput, Does.Not.Contain("exactly one directory"));
        Assert.That(File.Exists(Path.Combine(_checkout.Root, ".nuke", "temp", "execution-plan.html")), Is.True,
            "the plan is written under the user's root, not the checkout's");
    }
}
