using System.Collections.Concurrent;
using System.Text;
using NUnit.Framework;

namespace DockerBuild.Tests.Reliability.Support;

/// <summary>
/// The rows of the reliability table: each case records what it tried and what the user saw. Printed (and written
/// to <c>reliability.md</c>) when the category ends, so CI shows the whole picture in one place.
/// </summary>
internal static class ReliabilityLedger
{
    private static readonly ConcurrentQueue<(string Case, string Inputs, string Outcome)> Rows = new();

    public static void Record(string @case, string inputs, string outcome) => Rows.Enqueue((@case, inputs, outcome));

    public static bool IsEmpty => Rows.IsEmpty;

    public static string RenderMarkdown()
    {
        var text = new StringBuilder();
        text.AppendLine("# Reliability cases").AppendLine();
        text.AppendLine("| Case | Inputs tried | Outcome |").AppendLine("|---|---|---|");
        foreach (var (@case, inputs, outcome) in Rows) text.AppendLine($"| {Cell(@case)} | {Cell(inputs)} | {Cell(outcome)} |");
        return text.ToString();
    }

    private static string Cell(string value) => value.Replace("|", "\\|").Replace("\r", "").Replace("\n", "<br>");
}
