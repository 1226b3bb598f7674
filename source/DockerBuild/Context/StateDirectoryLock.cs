using DockerBuild.Tools.Locking;

namespace DockerBuild.Context;

/// <summary>
/// One run at a time changes a state directory: a second run against the same one waits, saying which run it
/// waits for, instead of interleaving writes to images, wheels and logs.
/// </summary>
public static class StateDirectoryLock
{
    /// <param name="secrets">Values never to write into the owner description (another run prints it while waiting).</param>
    public static Task<ExclusiveFileLock> AcquireAsync(string stateDirectory, TextWriter output, IEnumerable<string?> secrets,
        CancellationToken cancellationToken)
    {
        if (File.Exists(stateDirectory))
            throw new IOException($"--state-dir {stateDirectory} is a file; the state directory must be a directory (or not exist yet). "
                + "Pass another --state-dir, or move the file away.");
        var lockFile = Path.Combine(stateDirectory, ".lock");
        var owner = $"run {Environment.ProcessId} started {DateTimeOffset.Now:yyyy-MM-dd HH:mm:ss} ({Mask(string.Join(' ', Environment.GetCommandLineArgs().Skip(1)), secrets)})";
        return ExclusiveFileLock.AcquireAsync(lockFile, owner, Timeout.InfiniteTimeSpan,
            holder => output.WriteLine($"Waiting for another DockerBuild run to finish with {stateDirectory} ({holder ?? "holder unknown"}); Ctrl-C to give up."),
            cancellationToken);
    }

    private static string Mask(string commandLine, IEnumerable<string?> secrets) =>
        secrets.Where(v => !string.IsNullOrEmpty(v)).OrderByDescending(v => v!.Length)
            .Aggregate(commandLine, (text, secret) => text.Replace(secret!, "****", StringComparison.Ordinal));
}
