using DockerBuild.Graph.Logging;

namespace DockerBuild.Graph;

/// <summary>
/// The build log, with Serilog's method names so NUKE builds port unchanged: templates like
/// <c>Log.Information("Built {Wheel}", name)</c>. Output honours <c>--verbosity</c> and never shows a secret.
/// Each running build has its own sink (it flows with async calls), so in-process builds do not mix their logs.
/// </summary>
public static class Log
{
    private static readonly AsyncLocal<LogSink?> CurrentSink = new();
    // Outside a build (e.g. a library used on its own) messages go to whatever the console currently is.
    internal static LogSink Sink => CurrentSink.Value ?? new LogSink(Console.Out, Verbosity.Normal);

    internal static IDisposable Use(LogSink sink)
    {
        var previous = CurrentSink.Value;
        CurrentSink.Value = sink;
        return new Restore(() => CurrentSink.Value = previous);
    }

    /// <summary>
    /// Sends the rest of this build's log, banners and summary to standard error (the invocation's error output),
    /// leaving standard output to a target whose output is the product, such as a command the user pipes on.
    /// </summary>
    public static void MoveToErrorOutput() => Sink.MoveToErrorWriter();

    /// <summary>Whether debug messages are shown (<c>--verbosity verbose</c>); lets callers skip costly messages.</summary>
    public static bool IsDebugEnabled => Sink.IsEnabled(LogLevel.Debug);

    public static void Verbose(string messageTemplate, params object?[] values) => Write(LogLevel.Verbose, messageTemplate, values);
    public static void Debug(string messageTemplate, params object?[] values) => Write(LogLevel.Debug, messageTemplate, values);
    public static void Information(string messageTemplate, params object?[] values) => Write(LogLevel.Information, messageTemplate, values);
    public static void Warning(string messageTemplate, params object?[] values) => Write(LogLevel.Warning, messageTemplate, values);
    public static void Error(string messageTemplate, params object?[] values) => Write(LogLevel.Error, messageTemplate, values);

    // Single values get generic overloads (as in Serilog) so that one array argument is one value, not the value list.
    public static void Verbose<T0>(string messageTemplate, T0 value0) => Write(LogLevel.Verbose, messageTemplate, [value0]);
    public static void Verbose<T0, T1>(string messageTemplate, T0 value0, T1 value1) => Write(LogLevel.Verbose, messageTemplate, [value0, value1]);
    public static void Verbose<T0, T1, T2>(string messageTemplate, T0 value0, T1 value1, T2 value2) => Write(LogLevel.Verbose, messageTemplate, [value0, value1, value2]);

    public static void Debug<T0>(string messageTemplate, T0 value0) => Write(LogLevel.Debug, messageTemplate, [value0]);
    public static void Debug<T0, T1>(string messageTemplate, T0 value0, T1 value1) => Write(LogLevel.Debug, messageTemplate, [value0, value1]);
    public static void Debug<T0, T1, T2>(string messageTemplate, T0 value0, T1 value1, T2 value2) => Write(LogLevel.Debug, messageTemplate, [value0, value1, value2]);

    public static void Information<T0>(string messageTemplate, T0 value0) => Write(LogLevel.Information, messageTemplate, [value0]);
    public static void Information<T0, T1>(string messageTemplate, T0 value0, T1 value1) => Write(LogLevel.Information, messageTemplate, [value0, value1]);
    public static void Information<T0, T1, T2>(string messageTemplate, T0 value0, T1 value1, T2 value2) => Write(LogLevel.Information, messageTemplate, [value0, value1, value2]);

    public static void Warning<T0>(string messageTemplate, T0 value0) => Write(LogLevel.Warning, messageTemplate, [value0]);
    public static void Warning<T0, T1>(string messageTemplate, T0 value0, T1 value1) => Write(LogLevel.Warning, messageTemplate, [value0, value1]);
    public static void Warning<T0, T1, T2>(string messageTemplate, T0 value0, T1 value1, T2 value2) => Write(LogLevel.Warning, messageTemplate, [value0, value1, value2]);

    public static void Error<T0>(string messageTemplate, T0 value0) => Write(LogLevel.Error, messageTemplate, [value0]);
    public static void Error<T0, T1>(string messageTemplate, T0 value0, T1 value1) => Write(LogLevel.Error, messageTemplate, [value0, value1]);
    public static void Error<T0, T1, T2>(string messageTemplate, T0 value0, T1 value1, T2 value2) => Write(LogLevel.Error, messageTemplate, [value0, value1, value2]);

    /// <summary>An error with its exception: the message always, the stack trace only at verbose verbosity.</summary>
    public static void Error(Exception exception, string messageTemplate, params object?[] values)
    {
        var message = MessageTemplate.Render(messageTemplate, values);
        var detail = Sink.IsEnabled(LogLevel.Debug) ? exception.ToString() : exception.Message;
        Sink.Write(LogLevel.Error, $"{message}{Environment.NewLine}{detail}");
    }

    private static void Write(LogLevel level, string template, object?[] values)
    {
        var sink = Sink;
        if (sink.IsEnabled(level))
            sink.Write(level, MessageTemplate.Render(template, values));
    }

    private sealed class Restore(Action restore) : IDisposable
    {
        public void Dispose() => restore();
    }
}
