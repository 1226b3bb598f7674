using DockerBuild.Tools.IO;

namespace DockerBuild.Builds;

/// <summary>
/// The log of one pair (<c>logs/BuildWheel/&lt;platform&gt;/&lt;wheel&gt;.log</c>): every line of every step; on
/// failure its last lines are shown with the path. A full disk stops the log, not the build: the step that next
/// writes something the build needs fails saying how much room it needed.
/// </summary>
public sealed class PairLog : IDisposable
{
    public const int TailLines = 40;
    private readonly StreamWriter _writer;
    private readonly Lock _gate = new();
    private readonly System.Diagnostics.Stopwatch _sinceMark = System.Diagnostics.Stopwatch.StartNew();

    public PairLog(string path)
    {
        Path = path;
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        _writer = new StreamWriter(path, append: false) { AutoFlush = true };
    }

    public string Path { get; }

    /// <summary>True once a line could not be written because the disk was full (the log ends there).</summary>
    public bool Truncated { get; private set; }

    /// <summary>The log file of a pair under <paramref name="logsDirectory"/>.</summary>
    public static string For(string logsDirectory, string platform, string wheel) =>
        System.IO.Path.Combine(logsDirectory, platform, $"{wheel}.log");

    public void Write(string line)
    {
        lock (_gate)
        {
            if (Truncated) return;
            try { _writer.WriteLine(line); }
            catch (IOException e) when (DiskFullException.IsNoSpace(e)) { Truncated = true; }
        }
    }

    /// <summary>
    /// Writes how long the step that just ended took (<c>timing: &lt;step&gt; 1.23 s</c>), measured from the previous
    /// mark, so the log says where a pair's time went.
    /// </summary>
    public void Mark(string step)
    {
        lock (_gate)
        {
            _writer.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"timing: {step} {_sinceMark.Elapsed.TotalSeconds:F2} s"));
            _sinceMark.Restart();
        }
    }

    /// <summary>Writes text that may hold several lines (container output).</summary>
    public void WriteBlock(string text)
    {
        foreach (var line in text.Replace("\r", "").TrimEnd('\n').Split('\n')) Write(line);
    }

    /// <summary>The last <paramref name="count"/> lines written so far.</summary>
    public IReadOnlyList<string> Tail(int count = TailLines)
    {
        lock (_gate)
        {
            if (!Truncated) _writer.Flush();
            using var reader = new StreamReader(new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
            var lines = new Queue<string>();
            while (reader.ReadLine() is { } line)
            {
                lines.Enqueue(line);
                if (lines.Count > count) lines.Dequeue();
            }
            return lines.ToList();
        }
    }

    public void Dispose()
    {
        try { _writer.Dispose(); }
        catch (IOException e) when (DiskFullException.IsNoSpace(e)) { Truncated = true; }
    }
}
