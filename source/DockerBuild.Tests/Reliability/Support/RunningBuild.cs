using System.Diagnostics;
using System.Text;
using DockerBuild.Tools.Process;

namespace DockerBuild.Tests.Reliability.Support;

/// <summary>
/// A build process in flight: its output lines as they arrive, a way to wait for a line, and SIGKILL (no chance to
/// clean up, as when a machine loses power or the OOM killer strikes).
/// </summary>
internal sealed class RunningBuild : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly Lock _gate = new();
    private readonly List<(Func<string, bool> Match, TaskCompletionSource<string> Seen)> _watches = [];

    private RunningBuild(Process process) => _process = process;

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    public string Output
    {
        get { lock (_gate) return _output.ToString(); }
    }

    public static RunningBuild Start(ProcessSpec spec)
    {
        var info = new ProcessStartInfo(spec.FileName)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = spec.WorkingDirectory,
        };
        foreach (var argument in spec.Arguments) info.ArgumentList.Add(argument);
        foreach (var (key, value) in spec.Environment)
        {
            if (value is null) info.Environment.Remove(key);
            else info.Environment[key] = value;
        }
        var process = new Process { StartInfo = info };
        var build = new RunningBuild(process);
        process.OutputDataReceived += (_, e) => build.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => build.OnLine(e.Data);
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return build;
    }

    private void OnLine(string? line)
    {
        if (line is null) return;
        lock (_gate)
        {
            _output.Append(line).Append('\n');
            foreach (var watch in _watches.Where(w => w.Match(line))) watch.Seen.TrySetResult(line);
        }
    }

    /// <summary>The first output line (already printed or still to come) that matches, or a failure naming what was printed.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> match, TimeSpan timeout)
    {
        var seen = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            var already = _output.ToString().Split('\n').FirstOrDefault(match);
            if (already is not null) return already;
            _watches.Add((match, seen));
        }
        var exited = _process.WaitForExitAsync();
        var first = await Task.WhenAny(seen.Task, exited, Task.Delay(timeout));
        if (first == seen.Task) return await seen.Task;
        throw new TimeoutException((first == exited ? $"the build exited ({_process.ExitCode}) before printing the awaited line" : $"no awaited line within {timeout}")
            + $"; it printed:\n{Output}");
    }

    /// <summary>SIGKILL to the build process alone; waits until the kernel has reaped it.</summary>
    public async Task KillHardAsync()
    {
        _process.Kill(entireProcessTree: false);
        await _process.WaitForExitAsync();
    }

    /// <summary>Waits for the build to end by itself.</summary>
    public async Task<ProcessResult> WaitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"the build did not end within {timeout.TotalSeconds:0} s; it printed:\n{Output}");
        }
        _process.WaitForExit();
        return new ProcessResult(_process.ExitCode, Output, "");
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            try { _process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
        }
        _process.Dispose();
    }
}
