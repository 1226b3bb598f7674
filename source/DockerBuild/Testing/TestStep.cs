using DockerBuild.Context;

namespace DockerBuild.Testing;

/// <summary>The Test target's entry: the NUnit suite, ending with the <c>tests: N passed, N failed</c> line CI reads.</summary>
public static class TestStep
{
    /// <param name="testProject">The test project's .csproj.</param>
    /// <param name="filter"><c>--test-filter</c>: an NUnit filter; null runs everything.</param>
    public static async Task<StepReport> RunAsync(BuildContext context, string testProject, string? filter, CancellationToken cancellationToken)
    {
        var results = Path.Combine(context.StateDirectory, "test-results");
        var counts = await TestSuiteRun.RunAsync(testProject, context.RootDirectory, results, filter, context.Output.Lines, cancellationToken);
        foreach (var failure in counts.Failures) context.Output.WriteLine($"failed: {failure}");
        context.Output.WriteLine(counts.ToString());
        if (counts.Failed > 0)
            throw new InvalidOperationException($"{counts.Failed} test(s) failed (results: {results}).");
        if (counts.Passed == 0)
            throw new InvalidOperationException("No test ran: check --test-filter.");
        return StepReport.Done;
    }
}
