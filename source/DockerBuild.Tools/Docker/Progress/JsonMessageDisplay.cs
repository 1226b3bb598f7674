using DockerBuild.Tools.Docker.Models;
using Spectre.Console;

namespace DockerBuild.Tools.Docker.Progress;

/// <summary>
/// Shows an engine operation's progress: Spectre.Console progress bars (one per layer) on an interactive terminal,
/// and plain lines (one per layer status change) in CI logs.
/// </summary>
public static class JsonMessageDisplay
{
    /// <summary>Runs <paramref name="operation"/>, giving it the progress sink that renders to <paramref name="console"/>.</summary>
    public static async Task<T> RunAsync<T>(string title, Func<IProgress<JSONMessage>, Task<T>> operation, IAnsiConsole? console = null)
    {
        console ??= AnsiConsole.Console;
        if (!console.Profile.Capabilities.Interactive || !console.Profile.Capabilities.Ansi)
        {
            console.WriteLine(title);
            return await operation(new PlainLineProgress(console));
        }
        T result = default!;
        console.WriteLine(title);
        await console.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new DownloadedColumn())
            .StartAsync(async context =>
            {
                result = await operation(new LayerBarsProgress(context, console));
            });
        console.MarkupLineInterpolated($"[green]✓[/] {title}");
        return result;
    }

    /// <summary>One line per change of a layer's status (no byte-count chatter); build output passes through.</summary>
    private sealed class PlainLineProgress(IAnsiConsole console) : IProgress<JSONMessage>
    {
        private readonly Dictionary<string, string> _lastStatus = new();
        private readonly Lock _gate = new();

        public void Report(JSONMessage value)
        {
            lock (_gate)
            {
                if (value.Stream is { } text)
                {
                    foreach (var line in text.TrimEnd('\n').Split('\n')) console.WriteLine("  " + line);
                    return;
                }
                if (value.Status is null) return;
                var key = value.ID ?? "";
                if (_lastStatus.TryGetValue(key, out var last) && last == value.Status) return;
                _lastStatus[key] = value.Status;
                console.WriteLine(value.ID is null ? $"  {value.Status}" : $"  {value.ID}: {value.Status}");
            }
        }
    }

    /// <summary>A bar per layer ID sized by progressDetail; other messages become lines above the bars.</summary>
    private sealed class LayerBarsProgress(ProgressContext context, IAnsiConsole console) : IProgress<JSONMessage>
    {
        private readonly Dictionary<string, ProgressTask> _layers = new();
        private readonly Lock _gate = new();

        public void Report(JSONMessage value)
        {
            lock (_gate)
            {
                if (value.Stream is { } text)
                {
                    console.WriteLine(text.TrimEnd('\n'));
                    return;
                }
                if (value.ID is null || value.Status is null)
                {
                    if (value.Status is not null) console.WriteLine(value.Status);
                    return;
                }
                if (!_layers.TryGetValue(value.ID, out var task))
                    _layers[value.ID] = task = context.AddTask(Markup.Escape(value.ID), maxValue: 1);
                task.Description = Markup.Escape($"{value.ID} {value.Status}");
                if (value.Progress is { Total: > 0 } detail)
                {
                    task.MaxValue = detail.Total;
                    task.Value = detail.Current;
                }
                else if (value.Status.StartsWith("Pull complete", StringComparison.Ordinal) || value.Status.StartsWith("Pushed", StringComparison.Ordinal)
                         || value.Status.StartsWith("Already exists", StringComparison.Ordinal) || value.Status.StartsWith("Layer already exists", StringComparison.Ordinal))
                {
                    task.Value = task.MaxValue;
                }
            }
        }
    }
}
