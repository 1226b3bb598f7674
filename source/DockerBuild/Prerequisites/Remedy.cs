using DockerBuild.Tools.Process;

namespace DockerBuild.Prerequisites;

/// <summary>
/// One step that fixes a missing prerequisite: what it does (said before it runs) and the command. A step without a
/// command is advice only: it is never run, always reported.
/// </summary>
public sealed record Remedy(string Description, ProcessSpec? Command)
{
    /// <summary>Whether this step may be run here (as root on a Debian host) rather than only shown.</summary>
    public bool CanRunHere => Command is not null;

    /// <summary>The command as a user would type it (non-root users need sudo).</summary>
    public string UserCommand(bool isRoot) => Command is null
        ? DisplayCommand ?? Description
        : (isRoot ? "" : "sudo ") + (DisplayCommand ?? Command.ToString());

    /// <summary>Shown instead of <see cref="Command"/> when the literal command is not what a user would type.</summary>
    public string? DisplayCommand { get; init; }

    public static Remedy AptInstall(string why, params string[] packages) => new(
        $"Installing {string.Join(", ", packages)} ({why})",
        new ProcessSpec
        {
            FileName = "apt-get",
            Arguments = ["install", "-y", "--no-install-recommends", .. packages],
            Environment = new Dictionary<string, string?> { ["DEBIAN_FRONTEND"] = "noninteractive" },
        });
}
