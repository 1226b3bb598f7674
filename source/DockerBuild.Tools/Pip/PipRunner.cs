using DockerBuild.Tools.Process;

namespace DockerBuild.Tools.Pip;

/// <summary>
/// Runs <c>{python} -m pip …</c> for typed settings through <see cref="ProcessRunner"/>: no version self-check, no
/// cache (builds must not depend on what an earlier run left behind), no interactive prompts.
/// </summary>
public sealed class PipRunner(string python)
{
    /// <summary>The host's interpreter with pip, for pip work done on the host (downloading published wheels).</summary>
    public static readonly HostTool HostPython = new("python3", ["python3", "python3-pip"], "runs pip on the host to download published wheels")
    {
        Probe = ["-m", "pip", "--version"],
    };

    public string Python { get; } = python;

    /// <summary>The full argument list after the interpreter: <c>-m pip</c> then the command's arguments.</summary>
    public IReadOnlyList<string> CommandLine(PipCommandSettings settings) => ["-m", "pip", .. settings.Arguments()];

    /// <summary>Runs the command; a non-zero exit throws <see cref="ProcessFailedException"/> with pip's last lines.</summary>
    public Task<ProcessResult> RunAsync(PipCommandSettings settings, string? workingDirectory = null, IReadOnlyDictionary<string, string?>? environment = null,
        string? logFile = null, CancellationToken cancellationToken = default)
    {
        var variables = new Dictionary<string, string?>
        {
            ["PIP_DISABLE_PIP_VERSION_CHECK"] = "1",
            ["PIP_NO_CACHE_DIR"] = "1",
            ["PIP_NO_INPUT"] = "1",
        };
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>()) variables[key] = value;
        return ProcessRunner.RunCheckedAsync(new ProcessSpec
        {
            FileName = Python, Arguments = CommandLine(settings), WorkingDirectory = workingDirectory, Environment = variables, LogFile = logFile,
        }, cancellationToken);
    }
}
