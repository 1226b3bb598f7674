namespace DockerBuild.Tools.Process;

/// <summary>
/// The log file a process's output is copied to, line by line. Lines arrive on the runtime's reader threads, where an
/// exception would end the whole build; so a log that cannot be written (a full disk) just stops, and the output is
/// still captured for the caller.
/// </summary>
internal sealed class ProcessLogFile : IDisposable
{
    private StreamWriter? _writer;

    public ProcessLogFile(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        _writer = new StreamWriter(path, append: true) { AutoFlush = true };
    }

    public void WriteLine(string line)
    {
        if (_writer is null) return;
        try
        {
            _writer.WriteLine(line);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            Dispose();
        }
    }

    public void Dispose()
    {
        var writer = _writer;
        _writer = null;
        try { writer?.Dispose(); }
        catch (IOException) { }
    }
}
