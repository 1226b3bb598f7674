using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Text;
using DockerBuild.Builds.Containers;
using DockerBuild.Tools.Engine;

namespace DockerBuild.Builds.Verification;

/// <summary>
/// One running container of a verification root that checks wheel after wheel, so a pair pays for a copy and an
/// interpreter start, not for a container's creation, start and removal (most of a small wheel's verification). Each
/// check is a job: its own directory (the unpacked wheel, the check script, a private HOME/TMPDIR/working directory), a
/// fresh <c>python3</c> with a cleared environment, run as an unprivileged user so that nothing a test does can change
/// the root the next check runs in, and removed afterwards. Jobs run side by side; the container has no network.
/// </summary>
public sealed class WarmVerificationContainer : IAsyncDisposable
{
    /// <summary>Where the job directories live in the container.</summary>
    public const string JobsDirectory = "/dockerbuild/verify";

    /// <summary>The uid and gid checks run as (Debian's nobody/nogroup): they can write only to their own directory.</summary>
    private const int Unprivileged = 65534;

    /// <summary>One job in <c>$dir</c>: a private HOME, the check as nobody with a cleared environment, its output to a file.</summary>
    private static readonly string RunJob = $$"""
        (cd "$dir/home" \
           && exec env -i PATH=/usr/local/bin:/usr/bin:/bin LC_ALL=C.UTF-8 PYTHONDONTWRITEBYTECODE=1 HOME="$dir/home" TMPDIR="$dir/home" \
              PYTHONPATH="$dir/site" setpriv --reuid={{Unprivileged}} --regid={{Unprivileged}} --clear-groups python3 "$dir/check.py" \
         ) > "$dir/output" 2>&1
        """;

    /// <summary>
    /// Reads "run JOB" and "drop JOB" lines; a job's output goes to its <c>output</c> file and its exit code to a
    /// "done JOB CODE" line (short, so concurrent jobs' lines never interleave).
    /// </summary>
    private static readonly string Loop = $$"""
        set -u
        while read -r verb job; do
          dir={{JobsDirectory}}/$job
          case "$verb" in
            run) { {{RunJob}}; echo "done $job $?"; } & ;;
            drop) rm -rf "$dir" ;;
          esac
        done
        wait
        """;

    private readonly IsolatedContainer _container;
    private readonly Pipe _input = new();
    private readonly SemaphoreSlim _sending = new(1, 1);
    private readonly ConcurrentDictionary<string, TaskCompletionSource<long>> _pending = new(StringComparer.Ordinal);
    private readonly Task<long> _running;

    private WarmVerificationContainer(IsolatedContainer container, CancellationToken lifetime)
    {
        _container = container;
        _running = RunAsync(lifetime);
    }

    /// <summary>The rootfs image the container runs.</summary>
    public string Image => _container.Image;

    /// <summary>False once the container ended (a check then needs a new one).</summary>
    public bool IsRunning => !_running.IsCompleted;

    /// <summary>Creates and starts a container of <paramref name="rootfs"/>; it lives until disposed or <paramref name="lifetime"/> ends.</summary>
    public static async Task<WarmVerificationContainer> StartAsync(ContainerEngine engine, string rootfs, string stateDirectory, CancellationToken lifetime)
    {
        var container = await IsolatedContainer.CreateAsync(engine, rootfs, [], Loop, lifetime, stateDirectory: stateDirectory, stdin: true);
        return new WarmVerificationContainer(container, lifetime);
    }

    /// <summary>Runs the check of one unpacked wheel (<paramref name="siteDirectory"/>) and returns its exit code and output.</summary>
    public async Task<(long Exit, string Output)> CheckAsync(string siteDirectory, byte[] checkScript, CancellationToken cancellationToken)
    {
        var job = Guid.NewGuid().ToString("N");
        var directory = $"{JobsDirectory}/{job}";
        var done = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[job] = done;
        try
        {
            // The private HOME comes with the copy: made by a command, it cost two more program starts under QEMU per check.
            await _container.CopyInAsync(
            [
                ContainerCopy.PrivateDirectory($"{directory}/home", Unprivileged),
                ContainerCopy.Tree(siteDirectory, $"{directory}/site"),
                ContainerCopy.FilesIn(directory, [("check.py", checkScript)]),
            ], cancellationToken);
            await SendAsync($"run {job}", cancellationToken);
            var exit = await done.Task.WaitAsync(cancellationToken);
            var output = await _container.ReadFileFollowingLinksAsync($"{directory}/output", cancellationToken) ?? [];
            return (exit, Encoding.UTF8.GetString(output));
        }
        finally
        {
            _pending.TryRemove(job, out _);
            // Its directory goes with the container when the run is already ending (input completed).
            if (IsRunning)
            {
                try { await SendAsync($"drop {job}", CancellationToken.None); }
                catch (InvalidOperationException) { }
            }
        }
    }

    private async Task SendAsync(string line, CancellationToken cancellationToken)
    {
        // One writer at a time: checks on this root run side by side.
        await _sending.WaitAsync(cancellationToken);
        try { await _input.Writer.WriteAsync(Encoding.UTF8.GetBytes(line + "\n"), cancellationToken); }
        finally { _sending.Release(); }
    }

    private async Task<long> RunAsync(CancellationToken lifetime)
    {
        await Task.Yield();
        long exit;
        try
        {
            await using var stdout = new ContainerOutputLines(Completed);
            exit = await _container.RunAsync(new ContainerStreams(stdout, Stream.Null) { Stdin = _input.Reader.AsStream() }, lifetime);
        }
        catch (Exception e)
        {
            foreach (var pending in _pending.Values) pending.TrySetException(e);
            throw;
        }
        // A check still waiting when the container ended would otherwise wait for ever.
        foreach (var pending in _pending.Values)
            pending.TrySetException(new InvalidOperationException($"the verification container of {Image} ended (exit {exit}) before the check finished"));
        return exit;
    }

    /// <summary>"done JOB CODE" lines on the container's stdout complete the job's check.</summary>
    private void Completed(string lines)
    {
        foreach (var line in lines.Split('\n'))
        {
            if (line.Trim().Split(' ') is ["done", var job, var code] && long.TryParse(code, out var exit) && _pending.TryGetValue(job, out var done))
                done.TrySetResult(exit);
        }
    }

    public async ValueTask DisposeAsync()
    {
        // End of input ends the loop once its running checks are done; the container is then removed.
        await _sending.WaitAsync();
        try { await _input.Writer.CompleteAsync(); }
        finally { _sending.Release(); }
        // How it ended (a failure was reported to the checks waiting on it) no longer matters: it is removed either way.
        try { await _running.WaitAsync(TimeSpan.FromSeconds(30)); }
        catch (Exception) { }
        await _container.DisposeAsync();
    }
}
