using System.Text.RegularExpressions;

namespace DockerBuild.Tools.Process;

/// <summary>What to run: an executable with an argument list (never a shell string), where, with which environment.</summary>
public sealed partial record ProcessSpec
{
    public required string FileName { get; init; }
    public IReadOnlyList<string> Arguments { get; init; } = [];
    public string? WorkingDirectory { get; init; }
    /// <summary>Variables set for the child; a null value removes the variable.</summary>
    public IReadOnlyDictionary<string, string?> Environment { get; init; } = new Dictionary<string, string?>();
    /// <summary>Text written to the child's standard input, then closed; null leaves stdin empty.</summary>
    public string? StandardInput { get; init; }
    /// <summary>Every output line (stdout and stderr, interleaved as they arrive) is appended here when set.</summary>
    public string? LogFile { get; init; }
    /// <summary>
    /// Runs at the lowest CPU priority: for work prepared ahead of need, which must take only what the work a user is
    /// waiting for leaves idle.
    /// </summary>
    public bool Background { get; init; }
    /// <summary>Called for each output line as it arrives (progress display).</summary>
    public Action<string>? OnLine { get; init; }

    /// <summary>
    /// The command line as logs and errors show it. Credentials written into a URL (<c>https://user:token@host</c>,
    /// as pip and git accept them) are masked, because these lines go to log files and consoles.
    /// </summary>
    public override string ToString() => string.Join(' ', new[] { FileName }.Concat(Arguments.Select(a => Quote(MaskUrlCredentials(a)))));

    /// <summary>Replaces the user-information part of every URL in <paramref name="text"/> with <c>***</c>.</summary>
    public static string MaskUrlCredentials(string text) => UrlUserInfo().Replace(text, "${scheme}***@");

    [GeneratedRegex(@"(?<scheme>\b[A-Za-z][A-Za-z0-9+.-]*://)[^/?#@\s]+@")]
    private static partial Regex UrlUserInfo();

    private static string Quote(string a) => a.Length > 0 && a.All(c => char.IsLetterOrDigit(c) || "-_./=:,+@%".Contains(c)) ? a : $"'{a.Replace("'", "'\\''")}'";
}

/// <summary>How a process ended and what it printed.</summary>
public sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>True when the program said the disk was full (the C library's ENOSPC text, or Python's "[Errno 28]").</summary>
    public bool RanOutOfSpace =>
        (StandardError + StandardOutput) is var text && (text.Contains("No space left on device", StringComparison.Ordinal) || text.Contains("[Errno 28]", StringComparison.Ordinal));
}

/// <summary>A process that exited non-zero; carries the command, exit code and the tail of its output.</summary>
public sealed class ProcessFailedException(ProcessSpec spec, ProcessResult result)
    : Exception($"'{spec}' exited with code {result.ExitCode}.{Tail(result)}")
{
    public ProcessSpec Spec { get; } = spec;
    public ProcessResult Result { get; } = result;

    private static string Tail(ProcessResult r)
    {
        var lines = (r.StandardError.Length > 0 ? r.StandardError : r.StandardOutput)
            .Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return lines.Length == 0 ? "" : Environment.NewLine + string.Join(Environment.NewLine, lines.TakeLast(20));
    }
}
