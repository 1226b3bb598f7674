using DockerBuild.Tools.Process;
using NUnit.Framework;

namespace DockerBuild.Tests.Reliability.StoreCare;

/// <summary>
/// A tmpfs the test mounts at a directory of its choosing (needs root: the test is ignored otherwise), with a filler
/// file that takes most of its room, or all of it, when a test wants the disk to fill at a chosen moment. Unmounted
/// (and its mount point left empty) on dispose.
/// </summary>
internal sealed class SmallFilesystem : IAsyncDisposable
{
    private SmallFilesystem(string mountPoint) => MountPoint = mountPoint;

    public string MountPoint { get; }
    public string Filler => Path.Combine(MountPoint, ".filler");

    /// <summary>Mounts a tmpfs of <paramref name="sizeMib"/> MiB at <paramref name="mountPoint"/> (made when missing).</summary>
    public static async Task<SmallFilesystem> MountAsync(string mountPoint, int sizeMib)
    {
        Directory.CreateDirectory(mountPoint);
        var mount = await ProcessRunner.RunAsync(new ProcessSpec { FileName = "mount", Arguments = ["-t", "tmpfs", "-o", $"size={sizeMib}m", "tmpfs", mountPoint] });
        if (mount.ExitCode != 0) Assert.Ignore($"cannot mount a tmpfs here (needs root): {mount.StandardError.Trim()}");
        return new SmallFilesystem(mountPoint);
    }

    /// <summary>Takes <paramref name="bytes"/> of the room (a filler already there grows by them).</summary>
    public async Task FillAsync(long bytes)
    {
        await using var filler = new FileStream(Filler, FileMode.Append);
        await filler.WriteAsync(new byte[bytes]);
    }

    /// <summary>Bytes free on the filesystem now.</summary>
    public long FreeBytes => new DriveInfo(MountPoint).AvailableFreeSpace;

    /// <summary>Grows the filler until about <paramref name="bytes"/> are left (the filesystem counts in pages).</summary>
    public async Task LeaveFreeAsync(long bytes)
    {
        if (FreeBytes > bytes) await FillAsync(FreeBytes - bytes);
    }

    /// <summary>Takes every byte left, as another program filling the disk would.</summary>
    public async Task FillUpAsync()
    {
        await using var filler = new FileStream(Filler, FileMode.Append, FileAccess.Write, FileShare.None, 1);
        var block = new byte[1 << 16];
        try
        {
            while (true) await filler.WriteAsync(block);
        }
        catch (IOException)
        {
            // Full. Smaller writes take the last partial block.
            for (var size = 1 << 15; size >= 1; size /= 2)
                try { while (true) await filler.WriteAsync(block.AsMemory(0, size)); }
                catch (IOException) { }
        }
    }

    /// <summary>Gives the room back (the filler is deleted).</summary>
    public void Free() => File.Delete(Filler);

    /// <summary>Every file on the filesystem except the filler, relative to the mount point.</summary>
    public IReadOnlyList<string> Files() => Directory.EnumerateFiles(MountPoint, "*", SearchOption.AllDirectories)
        .Where(f => f != Filler).Select(f => Path.GetRelativePath(MountPoint, f)).Order(StringComparer.Ordinal).ToList();

    public async ValueTask DisposeAsync()
    {
        await ProcessRunner.RunAsync(new ProcessSpec { FileName = "umount", Arguments = ["--lazy", MountPoint] });
    }
}
