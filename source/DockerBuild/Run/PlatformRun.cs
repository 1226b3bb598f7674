using DockerBuild.Images;
using DockerBuild.Platforms;
using DockerBuild.Tools.Engine;

namespace DockerBuild.Run;

/// <summary>
/// Run: runs a command in one platform's image with the work directory mounted at /work, starting at the current
/// directory's place under it, as the invoking user, and returns the command's exit code. Stdin is streamed in (its
/// end is the command's end-of-file) and output passes through, stdout and stderr kept apart; with a terminal the
/// command gets a TTY instead. Cancelling kills and removes the container.
/// </summary>
public static class PlatformRun
{
    public static async Task<int> RunAsync(IReadOnlyList<PlatformSpec> platforms, ImageSettings images, RunSettings run, ContainerEngine engine,
        CancellationToken cancellationToken = default)
    {
        CheckRequest(platforms, run.Command);
        var platform = platforms[0];
        var plan = ImagePlan.For(platform, images);
        var reference = plan.Reference.ToString();
        var image = await engine.Images.FindAsync(reference, cancellationToken)
            ?? throw new InvalidOperationException($"the image of {platform.Name} ({reference}) is not present; run GenerateImage --platform {platform.Name} first.");

        var currentDirectory = Path.GetFullPath(run.CurrentDirectory ?? Directory.GetCurrentDirectory());
        var workDirectory = Path.GetFullPath(run.WorkDirectory ?? currentDirectory);
        if (!Directory.Exists(workDirectory))
            throw new DirectoryNotFoundException($"the work directory '{workDirectory}' does not exist.");
        var paths = new WorkPathTranslator(workDirectory);
        var spec = new ContainerSpec
        {
            Image = reference,
            // Unique by default, so concurrent Runs of one platform never collide.
            Name = run.ContainerName ?? $"dockerbuild-run-{platform.Name}-{Guid.NewGuid():N}",
            Command = paths.TranslateArguments(run.Command),
            Env = EnvironmentEdits.Apply(image.Env, run.Env, run.EnvPrefix, run.EnvSuffix, paths.TranslateArgument),
            User = run.User ?? InvokingUser.UidGid,
            WorkingDirectory = paths.WorkingDirectoryFor(currentDirectory),
            Labels = new Dictionary<string, string> { ["org.dockerbuild.run"] = platform.Name },
            Tty = run.Terminal is not null,
            Mounts = [new BindMount(workDirectory, WorkPathTranslator.MountPoint)],
            // A TTY's Ctrl-C is a SIGINT inside the container, which the kernel never delivers to a PID 1 without a
            // handler (a plain `sleep`); with the engine's init as PID 1 it reaches the command.
            Init = run.Terminal is not null,
            // Engines from API 1.42 size the TTY before the command starts; older ones only by the resize after start.
            TtySize = run.Terminal?.Size is { } size ? (size.Rows, size.Columns) : null,
        };
        var streams = new ContainerStreams(run.StandardOutput ?? Console.OpenStandardOutput(), run.StandardError ?? Console.OpenStandardError())
        {
            Stdin = run.StandardInput,
        };
        if (run.Terminal is not { } terminal)
            return checked((int)await engine.Containers.RunAsync(spec, streams, cancellationToken));
        using var session = TerminalSession.Enter(terminal);
        return checked((int)await engine.Containers.RunAsync(spec, streams with { Started = session.FollowAsync }, cancellationToken));
    }

    /// <summary>
    /// Refuses a request Run cannot serve (not exactly one platform, no command), so it can be checked before any target
    /// starts rather than after an image was generated.
    /// </summary>
    public static void CheckRequest(IReadOnlyList<PlatformSpec> platforms, IReadOnlyList<string> command)
    {
        if (platforms.Count != 1)
            throw new ArgumentException(platforms.Count == 0
                ? "Run needs exactly one --platform; none was selected."
                : $"Run needs exactly one --platform; {platforms.Count} were selected: {string.Join(", ", platforms.Select(p => p.Name))}.");
        if (command.Count == 0)
            throw new ArgumentException("Run needs a command after '--', e.g. ./build.sh Run --platform linux-arm64-py3.11 -- make install.");
    }
}
