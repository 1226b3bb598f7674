using System.Xml.Linq;
using DockerBuild.Tools.Process;

namespace DockerBuild.Testing;

/// <summary>What a test run counted, read from its TRX results rather than from console text.</summary>
public sealed record TestCounts(int Passed, int Failed, int Skipped)
{
    /// <summary>The failed tests' names, each with the first line of its message, so a run's tail says what broke.</summary>
    public IReadOnlyList<string> Failures { get; init; } = [];

    /// <summary>The closing line CI reads: <c>tests: N passed, N failed</c>.</summary>
    public override string ToString() => $"tests: {Passed} passed, {Failed} failed" + (Skipped > 0 ? $", {Skipped} skipped" : "");
}

/// <summary>Runs the NUnit suite with <c>dotnet test</c> and counts the outcome from the TRX file it writes.</summary>
public static class TestSuiteRun
{
    /// <param name="testProject">The test project's .csproj (the build names it; this library knows no project of its own).</param>
    /// <param name="workingDirectory">Where dotnet test runs (the checkout).</param>
    /// <param name="output">Where dotnet test's lines are passed through.</param>
    public static async Task<TestCounts> RunAsync(string testProject, string workingDirectory, string resultsDirectory, string? filter, TextWriter output,
        CancellationToken cancellationToken)
    {
        if (Directory.Exists(resultsDirectory)) Directory.Delete(resultsDirectory, recursive: true);
        Directory.CreateDirectory(resultsDirectory);
        var arguments = new List<string>
        {
            "test", testProject,
            "--logger", "trx;LogFileName=results.trx", "--logger", "console;verbosity=normal",
            "--results-directory", resultsDirectory,
        };
        if (!string.IsNullOrWhiteSpace(filter)) arguments.AddRange(["--filter", filter]);

        var result = await ProcessRunner.RunAsync(new ProcessSpec
        {
            FileName = "dotnet",
            Arguments = arguments,
            WorkingDirectory = workingDirectory,
            LogFile = Path.Combine(resultsDirectory, "dotnet-test.log"),
            // Tests that write a report of their own (the reliability table) put it beside the TRX file.
            Environment = new Dictionary<string, string?> { ["DOCKERBUILD_TEST_RESULTS"] = Path.GetFullPath(resultsDirectory) },
            OnLine = output.WriteLine,
        }, cancellationToken);

        var trx = Directory.EnumerateFiles(resultsDirectory, "*.trx", SearchOption.AllDirectories).FirstOrDefault();
        if (trx is null)
            throw new InvalidOperationException(
                $"dotnet test exited with code {result.ExitCode} and wrote no results (log: {Path.Combine(resultsDirectory, "dotnet-test.log")}).");
        var counts = ReadCounts(trx);
        if (result.ExitCode != 0 && counts.Failed == 0)
            throw new InvalidOperationException($"dotnet test exited with code {result.ExitCode} although no test failed (log: {Path.Combine(resultsDirectory, "dotnet-test.log")}).");
        return counts;
    }

    /// <summary>Reads the ResultSummary counters of a TRX file.</summary>
    public static TestCounts ReadCounts(string trxFile)
    {
        var counters = XDocument.Load(trxFile).Descendants().FirstOrDefault(e => e.Name.LocalName == "Counters")
            ?? throw new InvalidOperationException($"{trxFile} has no result counters.");
        int Count(string name) => int.TryParse(counters.Attribute(name)?.Value, out var n) ? n : 0;
        var failed = Count("failed") + Count("error") + Count("timeout") + Count("aborted");
        return new TestCounts(Count("passed"), failed, Count("notExecuted")) { Failures = ReadFailures(trxFile) };
    }

    private static IReadOnlyList<string> ReadFailures(string trxFile) =>
        XDocument.Load(trxFile).Descendants()
            .Where(e => e.Name.LocalName == "UnitTestResult" && e.Attribute("outcome")?.Value is "Failed" or "Error" or "Timeout" or "Aborted")
            .Select(e =>
            {
                var message = e.Descendants().FirstOrDefault(m => m.Name.LocalName == "Message")?.Value.Trim() ?? "";
                var firstLine = message.Split('\n', 2)[0].Trim();
                if (firstLine.Length > 300) firstLine = firstLine[..300] + "…";
                return $"{e.Attribute("testName")?.Value}: {firstLine}";
            })
            .ToList();
}
