using System.Diagnostics;
using System.Text;

namespace DockerBuild.Tools.Process;

/// <summary>Runs external programs with argument lists, capturing output, logging and cancelling (kills the tree).</summary>
public static class ProcessRunner
{
    /// <summary>Runs to completion and returns the result whatever the exit code.</summary>
    public static async Task<ProcessResult> RunAsync(ProcessSpec spec, CancellationToken cancellationToken = default)
    {
        // nice(1) lowers the priority before the program starts, so every process it forks inherits it.
        var info = new ProcessStartInfo(spec.Background ? "nice" : spec.FileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = spec.WorkingDirectory ?? Directory.GetCurrentDirectory(),
        };
        if (spec.Background) foreach (var argument in new[] { "-n", "19", spec.FileName }) info.ArgumentList.Add(argument);
        foreach (var argument in spec.Arguments) info.ArgumentList.Add(argument);
        foreach (var (key, value) in spec.Environment)
        {
            if (value is null) info.Environment.Remove(key);
            else info.Environment[key] = value;
        }

        using var log = spec.LogFile is null ? null : new ProcessLogFile(spec.LogFile);
        log?.WriteLine($"$ {spec}");

        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        var gate = new object();
        void OnLine(StringBuilder sink, string? line)
        {
            if (line is null) return;
            lock (gate)
            {
                sink.Append(line).Append('\n');
                log?.WriteLine(line);
            }
            spec.OnLine?.Invoke(line);
        }

        using var process = new System.Diagnostics.Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => OnLine(stdout, e.Data);
        process.ErrorDataReceived += (_, e) => OnLine(stderr, e.Data);
        try
        {
            if (!process.Start()) throw new InvalidOperationException($"could not start '{spec.FileName}'");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"could not start '{spec.FileName}': {e.Message}", e);
        }
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (spec.StandardInput is not null) await process.StandardInput.WriteAsync(spec.StandardInput);
        process.StandardInput.Close();

        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            throw;
        }
        process.WaitForExit(); // drains the asynchronous readers
        log?.WriteLine($"(exit code {process.ExitCode})");
        return new ProcessResult(process.ExitCode, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Runs to completion; a non-zero exit throws <see cref="ProcessFailedException"/>.</summary>
    public static async Task<ProcessResult> RunCheckedAsync(ProcessSpec spec, CancellationToken cancellationToken = default)
    {
        var result = await RunAsync(spec, cancellationToken);
        if (!result.Succeeded) throw new ProcessFailedException(spec, result);
        return result;
    }

    /// <summary>The full path of an executable on PATH, or null.</summary>
    public static string? Which(string name)
    {
        if (name.Contains('/')) return File.Exists(name) ? name : null;
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }
}
