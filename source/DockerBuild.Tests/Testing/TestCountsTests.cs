using DockerBuild.Testing;
using NUnit.Framework;

namespace DockerBuild.Tests.Testing;

/// <summary>A test run's closing lines name each failed test with its message, so the tail of a CI log says what broke.</summary>
[TestFixture, Category("Data")]
public sealed class TestCountsTests
{
    [Test]
    public void The_counts_name_each_failed_test_with_the_first_line_of_its_message()
    {
        var trx = Path.Combine(TestContext.CurrentContext.WorkDirectory, $"results-{Guid.NewGuid():N}.trx");
        File.WriteAllText(trx, """
            <?xml version="1.0" encoding="utf-8"?>
            <TestRun xmlns="http://microsoft.com/schemas/VisualStudio/TeamTest/2010">
              <Results>
                <UnitTestResult testName="A_wheel_imports_on_arm64" outcome="Passed" />
                <UnitTestResult testName="A_store_survives_a_full_disk" outcome="Failed">
                  <Output><ErrorInfo><Message>  Expected: 0
              But was: 3
            </Message><StackTrace>at Somewhere()</StackTrace></ErrorInfo></Output>
                </UnitTestResult>
              </Results>
              <ResultSummary outcome="Failed"><Counters total="2" executed="2" passed="1" failed="1" /></ResultSummary>
            </TestRun>
            """);
        try
        {
            var counts = TestSuiteRun.ReadCounts(trx);

            Assert.That(counts.ToString(), Is.EqualTo("tests: 1 passed, 1 failed"));
            Assert.That(counts.Failures, Is.EqualTo(new[] { "A_store_survives_a_full_disk: Expected: 0" }));
        }
        finally
        {
            File.Delete(trx);
        }
    }
}
