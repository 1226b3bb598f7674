using System.Diagnostics;
using System.Text;
using NUnit.Framework;

namespace DockerBuild.Tests.Images.RunSupport;

/// <summary>
/// A shell script run under util-linux <c>script</c> (<c>script -qec "sh file" /dev/null</c>): its stdin and stdout
/// are a pseudo-terminal, the test types into it and reads what the terminal shows.
/// </summary>
internal sealed class PseudoTerminalSession : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _screen = new();
    private readonly Task _reading;

    private PseudoTerminalSession(Process process)
    {
        _process = process;
        _reading = Task.Run(ReadScreenAsync);
    }

    public static PseudoTerminalSession Start(string scriptFile, string workingDirectory)
    {
        var info = new ProcessStartInfo("script")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var argument in new[] { "-qec", $"sh {RunBuildScript.Quote(scriptFile)}", "/dev/null" })
            info.ArgumentList.Add(argument);
        try
        {
            return new PseudoTerminalSession(Process.Start(info)!);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            Assert.Fail($"util-linux 'script' is needed to give the build a pseudo-terminal ({e.Message}); install it with: apt-get install -y bsdutils");
            throw;
        }
    }

    /// <summary>Everything the terminal showed so far.</summary>
    public string Screen
    {
        get
        {
            lock (_screen) return _screen.ToString();
        }
    }

    /// <summary>Waits until the terminal shows <paramref name="text"/>; fails the test after <paramref name="timeout"/>.</summary>
    public async Task WaitForAsync(string text, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (!Screen.Contains(text, StringComparison.Ordinal))
        {
            if (clock.Elapsed > timeout || (_process.HasExited && _reading.IsCompleted && !Screen.Contains(text, StringComparison.Ordinal)))
                Assert.Fail($"the terminal never showed '{text}' (waited {clock.Elapsed.TotalSeconds:0} s); it showed:\n{Screen}");
            await Task.Delay(100);
        }
    }

    /// <summary>Types <paramref name="keys"/> (raw bytes, e.g. "\u0003" for Ctrl-C).</summary>
    public async Task TypeAsync(string keys)
    {
        await _process.StandardInput.BaseStream.WriteAsync(Encoding.UTF8.GetBytes(keys));
        await _process.StandardInput.BaseStream.FlushAsync();
    }

    /// <summary>Waits for the session to end and returns the screen; fails the test after <paramref name="timeout"/>.</summary>
    public async Task<string> WaitForExitAsync(TimeSpan timeout)
    {
        using var guard = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(guard.Token);
            await _reading.WaitAsync(guard.Token);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"the terminal session did not end within {timeout.TotalSeconds} s; it showed:\n{Screen}");
        }
        return Screen;
    }

    private async Task ReadScreenAsync()
    {
        var buffer = new byte[4096];
        var decoder = Encoding.UTF8.GetDecoder();
        var chars = new char[Encoding.UTF8.GetMaxCharCount(buffer.Length)];
        int read;
        while ((read = await _process.StandardOutput.BaseStream.ReadAsync(buffer)) > 0)
        {
            var count = decoder.GetChars(buffer, 0, read, chars, 0);
            lock (_screen) _screen.Append(chars, 0, count);
        }
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
        }
        _process.Dispose();
    }
}
