using Spectre.Console;

namespace DockerBuild.Tools.Engine;

/// <summary>
/// Shows an engine operation's progress: Spectre.Console progress bars (one per layer) on an interactive terminal,
/// and plain lines (one per layer status change) in CI logs.
/// </summary>
public static class EngineProgressDisplay
{
    /// <summary>Runs <paramref name="operation"/>, giving it the progress sink that renders to <paramref name="console"/>.</summary>
    public static async Task<T> RunAsync<T>(string title, Func<IProgress<EngineProgress>, Task<T>> operation, IAnsiConsole console)
    {
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
    private sealed class PlainLineProgress(IAnsiConsole console) : IProgress<EngineProgress>
    {
        private readonly Dictionary<string, string> _lastStatus = new();
        private readonly Lock _gate = new();

        public void Report(EngineProgress value)
        {
            lock (_gate)
            {
                if (value.Stream is { } text)
                {
                    foreach (var line in text.TrimEnd('\n').Split('\n')) console.WriteLine("  " + line);
                    return;
                }
                if (value.Status is null) return;
                var key = value.Id ?? "";
                if (_lastStatus.TryGetValue(key, out var last) && last == value.Status) return;
                _lastStatus[key] = value.Status;
                console.WriteLine(value.Id is null ? $"  {value.Status}" : $"  {value.Id}: {value.Status}");
            }
        }
    }

    /// <summary>A bar per layer ID sized by progressDetail; other messages become lines above the bars.</summary>
    private sealed class LayerBarsProgress(ProgressContext context, IAnsiConsole console) : IProgress<EngineProgress>
    {
        private readonly Dictionary<string, ProgressTask> _layers = new();
        private readonly Lock _gate = new();

        public void Report(EngineProgress value)
        {
            lock (_gate)
            {
                if (value.Stream is { } text)
                {
                    console.WriteLine(text.TrimEnd('\n'));
                    return;
                }
                if (value.Id is null || value.Status is null)
                {
                    if (value.Status is not null) console.WriteLine(value.Status);
                    return;
                }
                if (!_layers.TryGetValue(value.Id, out var task))
                    _layers[value.Id] = task = context.AddTask(Markup.Escape(value.Id), maxValue: 1);
                task.Description = Markup.Escape($"{value.Id} {value.Status}");
                if (value.Total > 0)
                {
                    task.MaxValue = value.Total;
                    task.Value = value.Current;
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
