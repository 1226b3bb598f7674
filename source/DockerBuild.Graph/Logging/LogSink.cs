namespace DockerBuild.Graph.Logging;

/// <summary>Severity of a log message; the verbosity decides which are shown.</summary>
internal enum LogLevel { Verbose, Debug, Information, Warning, Error }

/// <summary>Where one build's log goes: a (masking) writer and the verbosity that filters it.</summary>
internal sealed class LogSink(TextWriter writer, Verbosity verbosity)
{
    private readonly object _gate = new();

    public Verbosity Verbosity { get; set; } = verbosity;

    public TextWriter Writer => writer;

    public bool IsEnabled(LogLevel level) => Verbosity switch
    {
        Verbosity.Quiet => level >= LogLevel.Error,
        Verbosity.Minimal => level >= LogLevel.Warning,
        Verbosity.Normal => level >= LogLevel.Information,
        _ => true,
    };

    public void Write(LogLevel level, string message)
    {
        if (!IsEnabled(level))
            return;
        var tag = level switch
        {
            LogLevel.Verbose => "VRB",
            LogLevel.Debug => "DBG",
            LogLevel.Information => "INF",
            LogLevel.Warning => "WRN",
            _ => "ERR",
        };
        var prefix = $"{DateTime.Now:HH:mm:ss} [{tag}] ";
        var indent = new string(' ', prefix.Length);
        var lines = message.ReplaceLineEndings("\n").Split('\n');
        lock (_gate)
        {
            writer.WriteLine(prefix + lines[0]);
            foreach (var line in lines.Skip(1))
                writer.WriteLine(indent + line);
            writer.Flush();
        }
    }

    /// <summary>Text asked for explicitly (help, the plan page's path): shown at every verbosity.</summary>
    public void WriteAlways(string text) => WriteRaw(text, LogLevel.Error);

    /// <summary>Text that is part of the build's own report (banners, summary, help), shown unless filtered by level.</summary>
    public void WriteRaw(string text, LogLevel level = LogLevel.Information)
    {
        if (!IsEnabled(level))
            return;
        lock (_gate)
        {
            writer.Write(text);
            writer.Flush();
        }
    }
}
