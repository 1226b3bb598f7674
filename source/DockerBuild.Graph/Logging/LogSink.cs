namespace DockerBuild.Graph.Logging;

/// <summary>Severity of a log message; the verbosity decides which are shown.</summary>
internal enum LogLevel { Verbose, Debug, Information, Warning, Error }

/// <summary>
/// Where one build's log goes: a (masking) writer and the verbosity that filters it. The error writer, when given, can
/// take over the whole log (see <see cref="Log.MoveToErrorOutput"/>).
/// </summary>
internal sealed class LogSink(TextWriter writer, Verbosity verbosity, TextWriter? errorWriter = null)
{
    private readonly object _gate = new();
    private TextWriter _writer = writer;

    public Verbosity Verbosity { get; set; } = verbosity;

    public TextWriter Writer => _writer;

    /// <summary>Sends everything from now on to the error writer (a no-op without one).</summary>
    public void MoveToErrorWriter()
    {
        if (errorWriter is null) return;
        lock (_gate)
        {
            _writer.Flush();
            _writer = errorWriter;
        }
    }

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
            _writer.WriteLine(prefix + lines[0]);
            foreach (var line in lines.Skip(1))
                _writer.WriteLine(indent + line);
            _writer.Flush();
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
            _writer.Write(text);
            _writer.Flush();
        }
    }
}
