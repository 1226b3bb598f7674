using DockerBuild.Tools.Engine;

namespace DockerBuild.Images;

/// <summary>
/// The log of one GenerateImage step for one platform (<c>logs/GenerateImage/&lt;platform&gt;.log</c>): every engine
/// message goes to the file, Dockerfile step headers to the console, and on failure the tail is shown with the path.
/// </summary>
public sealed class BuildLog : IProgress<EngineProgress>, IDisposable
{
    private const int TailLines = 40;
    private readonly StreamWriter _writer;
    private readonly TextWriter _console;
    private readonly string _prefix;
    private readonly Lock _gate = new();

    public BuildLog(string path, TextWriter console, string prefix)
    {
        Path = path;
        _console = console;
        _prefix = prefix;
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        _writer = new StreamWriter(path, append: false) { AutoFlush = true };
    }

    /// <summary>The log file.</summary>
    public string Path { get; }

    /// <summary>A line for the file only.</summary>
    public void Write(string line)
    {
        lock (_gate) _writer.WriteLine(line);
    }

    /// <summary>A line for both the file and the console.</summary>
    public void Announce(string line)
    {
        Write(line);
        _console.WriteLine($"{_prefix}: {line}");
    }

    public void Report(EngineProgress value)
    {
        if (value.Stream is { } text)
        {
            foreach (var line in text.TrimEnd('\n').Split('\n'))
            {
                Write(line);
                // Step headers show progress without flooding the console with apt output.
                if (line.StartsWith("Step ", StringComparison.Ordinal)) _console.WriteLine($"{_prefix}: {Shorten(line)}");
            }
        }
        else if (value.Error is { } error) Write($"error: {error}");
        else if (value.Status is { } status) Write(value.Id is null ? status : $"{value.Id}: {status} {value.Detail}".TrimEnd());
    }

    /// <summary>Prints the last lines of the log and its path to the console (after a failure).</summary>
    public void ShowTail()
    {
        lock (_gate) _writer.Flush();
        var lines = File.ReadAllLines(Path);
        _console.WriteLine($"{_prefix}: last {Math.Min(TailLines, lines.Length)} lines of {Path}:");
        foreach (var line in lines.TakeLast(TailLines)) _console.WriteLine("  " + line);
    }

    private static string Shorten(string line) => line.Length <= 120 ? line : line[..117] + "...";

    public void Dispose() => _writer.Dispose();
}
