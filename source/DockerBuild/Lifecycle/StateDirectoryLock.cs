using DockerBuild.Tools.Locking;

namespace DockerBuild.Lifecycle;

/// <summary>
/// One run at a time changes a state directory: a second run against the same one waits, saying which run it
/// waits for, instead of interleaving writes to images, wheels and logs.
/// </summary>
public static class StateDirectoryLock
{
    public static Task<ExclusiveFileLock> AcquireAsync(string stateDirectory, TextWriter output, CancellationToken cancellationToken)
    {
        if (File.Exists(stateDirectory))
            throw new IOException($"--state-dir {stateDirectory} is a file; the state directory must be a directory (or not exist yet). "
                + "Pass another --state-dir, or move the file away.");
        var lockFile = Path.Combine(stateDirectory, ".lock");
        var owner = $"run {Environment.ProcessId} started {DateTimeOffset.Now:yyyy-MM-dd HH:mm:ss} ({string.Join(' ', Environment.GetCommandLineArgs().Skip(1))})";
        return ExclusiveFileLock.AcquireAsync(lockFile, owner, Timeout.InfiniteTimeSpan,
            holder => output.WriteLine($"Waiting for another DockerBuild run to finish with {stateDirectory} ({holder ?? "holder unknown"}); Ctrl-C to give up."),
            cancellationToken);
    }
}
