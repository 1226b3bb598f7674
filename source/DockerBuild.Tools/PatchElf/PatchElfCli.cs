using DockerBuild.Tools.Process;

namespace DockerBuild.Tools.PatchElf;

/// <summary>
/// Typed calls of the <c>patchelf</c> program, which edits ELF files of any architecture (so foreign-arch wheels can
/// be repaired on the host). Each call is one process with an argument list; failures throw naming the file.
/// </summary>
public sealed class PatchElfCli(string executable = "patchelf", string? logFile = null)
{
    /// <summary>The program this class runs, for the host's prerequisites.</summary>
    public static readonly HostTool Tool = new("patchelf", "patchelf", "grafts libraries into wheels and rewrites their RPATH when BuildWheel repairs them");

    /// <summary>The patchelf on PATH, or a clear error saying which package provides it.</summary>
    public static PatchElfCli FromPath(string? logFile = null) => new(Tool.LocateOrThrow(), logFile);

    public Task SetSoNameAsync(string file, string soname, CancellationToken cancellationToken = default)
        => RunAsync(["--set-soname", soname, file], cancellationToken);

    /// <summary>Replaces DT_NEEDED entries, old → new, in one call.</summary>
    public Task ReplaceNeededAsync(string file, IEnumerable<(string Old, string New)> replacements, CancellationToken cancellationToken = default)
    {
        var arguments = replacements.SelectMany(r => new[] { "--replace-needed", r.Old, r.New }).ToList();
        return arguments.Count == 0 ? Task.CompletedTask : RunAsync([.. arguments, file], cancellationToken);
    }

    /// <summary>Sets DT_RPATH (not DT_RUNPATH: RPATH also applies to the libraries it loads, and LD_LIBRARY_PATH cannot override it).</summary>
    public async Task SetRPathAsync(string file, string rpath, CancellationToken cancellationToken = default)
    {
        await RunAsync(["--remove-rpath", file], cancellationToken);
        await RunAsync(["--force-rpath", "--set-rpath", rpath, file], cancellationToken);
    }

    private async Task RunAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var spec = new ProcessSpec { FileName = executable, Arguments = arguments, LogFile = logFile };
        var result = await ProcessRunner.RunAsync(spec, cancellationToken);
        if (!result.Succeeded)
            throw new InvalidOperationException($"patchelf failed on '{arguments[^1]}' (exit {result.ExitCode}): {result.StandardError.Trim()}");
    }
}
