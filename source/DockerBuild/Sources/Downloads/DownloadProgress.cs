namespace DockerBuild.Sources.Downloads;

/// <summary>How far a download has come; <see cref="TotalBytes"/> is null when the server sent no length.</summary>
public sealed record DownloadProgress(string Label, long ReceivedBytes, long? TotalBytes, bool Completed);

/// <summary>Writes download progress as plain lines (one per ~10 %, or per 8 MiB without a length), for logs and terminals alike.</summary>
public sealed class LineDownloadProgress(TextWriter output) : IProgress<DownloadProgress>
{
    private readonly Dictionary<string, long> _lastStep = [];

    public void Report(DownloadProgress value)
    {
        long step = value.TotalBytes is > 0 and var total ? value.ReceivedBytes * 10 / total : value.ReceivedBytes / (8L << 20);
        lock (_lastStep)
        {
            if (!value.Completed && _lastStep.TryGetValue(value.Label, out var last) && last == step) return;
            _lastStep[value.Label] = step;
            if (value.Completed) _lastStep.Remove(value.Label);
        }
        var size = value.TotalBytes is { } t ? $"{Format(value.ReceivedBytes)} / {Format(t)}" : Format(value.ReceivedBytes);
        output.WriteLine(value.Completed ? $"  {value.Label}: done, {size}" : $"  {value.Label}: {size}");
    }

    private static string Format(long bytes) => bytes switch
    {
        >= 1L << 20 => $"{bytes / (double)(1L << 20):0.0} MiB",
        >= 1L << 10 => $"{bytes / 1024.0:0.0} KiB",
        _ => $"{bytes} B",
    };
}
