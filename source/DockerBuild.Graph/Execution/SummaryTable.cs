using System.Text;

namespace DockerBuild.Graph.Execution;

/// <summary>The end-of-build table: every planned target with its status and duration, then the total.</summary>
internal static class SummaryTable
{
    public static string Render(IReadOnlyList<ExecutableTarget> plan, TimeSpan total)
    {
        var rows = plan.Select(t => (t.Name, Status: t.Status.ToString(), Duration: Duration(t), Note: t.StatusReason ?? "")).ToList();
        var nameWidth = Math.Max(6, rows.Select(r => r.Name.Length).DefaultIfEmpty(0).Max()) + 3;
        var statusWidth = Enum.GetNames<ExecutionStatus>().Max(n => n.Length) + 3;
        var durationWidth = 10;
        var width = nameWidth + statusWidth + durationWidth + Math.Max(6, rows.Select(r => r.Note.Length).DefaultIfEmpty(0).Max());

        var text = new StringBuilder();
        text.AppendLine();
        text.AppendLine(new string('═', width));
        text.AppendLine(Row("Target", "Status", "Duration", ""));
        text.AppendLine(new string('─', width));
        foreach (var row in rows)
            text.AppendLine(Row(row.Name, row.Status, row.Duration, row.Note));
        text.AppendLine(new string('─', width));
        text.AppendLine(Row("Total", "", Format(total), ""));
        text.AppendLine(new string('═', width));
        return text.ToString();

        string Row(string name, string status, string duration, string note) =>
            (name.PadRight(nameWidth) + status.PadRight(statusWidth) + duration.PadRight(durationWidth) + note).TrimEnd();
    }

    private static string Duration(ExecutableTarget target) =>
        target.Status is ExecutionStatus.Succeeded or ExecutionStatus.Failed or ExecutionStatus.Collective or ExecutionStatus.Aborted
            ? Format(target.Duration)
            : "";

    private static string Format(TimeSpan duration) =>
        duration < TimeSpan.FromSeconds(1) ? "< 1sec" : duration.ToString(duration.TotalHours >= 1 ? @"h\:mm\:ss" : @"m\:ss");
}
