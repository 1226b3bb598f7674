using DockerBuild.Graph;
using NUnit.Framework;

namespace DockerBuild.Tests.Graph;

/// <summary>A build whose product is a target's own stdout can move its log, banners and summary to stderr.</summary>
[TestFixture]
[Category("Graph")]
public sealed class ErrorOutputTests
{
    [Test]
    public void After_MoveToErrorOutput_the_log_and_summary_go_to_the_error_output()
    {
        using var root = new BuildRoot();
        using var output = new StringWriter();
        using var errors = new StringWriter();

        var exitCode = BuildRunner.Run(new BuildInvocation
        {
            Arguments = ["product"], RootDirectory = root.Path, WorkingDirectory = root.Path, Output = output, ErrorOutput = errors, OpenInBrowser = null,
        }, Array.Empty<System.Linq.Expressions.Expression<Func<StdoutProductBuild, Target>>>());

        Assert.That(exitCode, Is.EqualTo(BuildRunner.Succeeded));
        Assert.That(output.ToString(), Does.Contain("before the move").And.Not.Contain("after the move").And.Not.Contain("Build succeeded"));
        Assert.That(errors.ToString(), Does.Contain("after the move").And.Contain("Build succeeded").And.Contain("Product"));
    }
}

internal sealed class StdoutProductBuild : GraphBuild
{
    Target Product => _ => _.Executes(() =>
    {
        Log.Information("before the move");
        Log.MoveToErrorOutput();
        Log.Information("after the move");
    });
}
