using System.Diagnostics;

namespace DockerBuild.Benchmarks;

/// <summary>One timed run of a checkout's <c>./build.sh</c> as a user starts it; a failed run throws with its output's end.</summary>
public static class BuildScriptRun
{
    public static async Task<(TimeSpan Elapsed, string Output)> RunAsync(string script, params string[] arguments)
    {
        var info = new ProcessStartInfo("bash", [script, .. arguments])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetDirectoryName(script)!,
        };
        info.Environment["CI"] = "true"; // --plan never opens a browser while measured
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        clock.Stop();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{script} {string.Join(' ', arguments)} exited with {process.ExitCode}: "
                + string.Join('\n', (await output).Split('\n').TakeLast(30)) + await error);
        return (clock.Elapsed, await output);
    }
}
