using DockerBuild.Images.Recipe;
using DockerBuild.Platforms;
using DockerBuild.Tools.Engine;
using DockerBuild.Tools.Process;

namespace DockerBuild.Images.Bases;

/// <summary>
/// Makes a Debian base image without any registry: <c>debootstrap --variant=minbase</c> into a scratch directory,
/// packed as a deterministic tar (sorted, numeric owners, no device nodes) and imported into the engine.
/// The result is cached under its tag; a present image is reused.
/// </summary>
public static class DebianBaseImage
{
    /// <summary>
    /// The programs that make a Debian root on the host, here and for BuildWheel's verification roots
    /// (<see cref="Builds.Verification.VerificationRootfs"/>), for the host's prerequisites.
    /// </summary>
    public static readonly HostTool Debootstrap = new("debootstrap", "debootstrap", "bootstraps the Debian base images and the verification roots of wheels");

    /// <inheritdoc cref="Debootstrap"/>
    public static readonly HostTool Tar = new("tar", "tar", "packs a bootstrapped Debian root reproducibly for importing it as an image");

    /// <summary>Ensures <paramref name="imageBase"/> exists in the engine, bootstrapping it when absent.</summary>
    public static async Task EnsureAsync(DebianBase debian, ImageBase imageBase, ImageSettings settings, ContainerEngine engine,
        BuildLog log, CancellationToken cancellationToken)
    {
        if (await engine.Images.FindAsync(imageBase.Reference, cancellationToken) is not null)
        {
            log.Write($"base {imageBase.Reference} is present");
            return;
        }
        var mirror = MirrorFor(debian, settings);
        if (!Environment.IsPrivilegedProcess)
            throw new InvalidOperationException(
                $"bootstrapping the Debian {debian.Suite} base ({imageBase.Reference}) runs debootstrap, which needs root " +
                "(it creates device nodes and chroots). Run GenerateImage as root once (later runs reuse the image), " +
                "or use a platform whose base.image is mirrored into --registry.");
        var debootstrap = Debootstrap.LocateOrThrow();

        var scratch = Path.Combine(settings.StateDirectory, "temp", $"debootstrap-{debian.Suite}-{Guid.NewGuid():N}");
        var rootfs = Path.Combine(scratch, "rootfs");
        var archive = Path.Combine(scratch, "rootfs.tar");
        try
        {
            Directory.CreateDirectory(scratch);
            log.Announce($"bootstrapping Debian {debian.Suite}{(debian.Snapshot is null ? "" : $" at {debian.Snapshot}")} from {mirror}");
            await ProcessRunner.RunCheckedAsync(new ProcessSpec
            {
                FileName = debootstrap,
                Arguments = ["--variant=minbase", debian.Suite, rootfs, mirror, .. DebootstrapScript.ArgumentsFor(debian.Suite)],
                OnLine = log.Write,
            }, cancellationToken);
            RemoveHostSpecificFiles(rootfs);
            await ProcessRunner.RunCheckedAsync(new ProcessSpec
            {
                FileName = Tar.LocateOrThrow(),
                // GNU tar's reproducible-archive options; /dev, /proc and /sys contents are the engine's business.
                Arguments = ["--create", "--file", archive, "--directory", rootfs, "--sort=name", "--numeric-owner",
                    "--format=posix", "--pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime",
                    "--exclude=./dev/*", "--exclude=./proc/*", "--exclude=./sys/*", "."],
                OnLine = log.Write,
            }, cancellationToken);
            log.Announce($"importing {imageBase.Reference}");
            await using var stream = File.OpenRead(archive);
            await engine.Images.ImportAsync(stream, imageBase.Reference, new ImageImportSpec { Message = imageBase.Identity }, log, cancellationToken);
        }
        finally
        {
            if (Directory.Exists(scratch)) Directory.Delete(scratch, recursive: true);
        }
    }

    /// <summary>The archive URL debootstrap reads: the snapshot archive when pinned, else the configured or host mirror.</summary>
    public static string MirrorFor(DebianBase debian, ImageSettings settings)
    {
        if (debian.Snapshot is { } snapshot)
        {
            if (string.IsNullOrEmpty(settings.DebianSnapshotMirror))
                throw new InvalidOperationException(
                    $"the Debian base pins snapshot {snapshot} but no snapshot archive is configured: pass --debian-snapshot-mirror " +
                    "<url of the archive root, e.g. http://<host>/archive/debian> (ImageSettings.DebianSnapshotMirror), " +
                    "or remove 'snapshot' from the platform's base.debian.");
            return $"{settings.DebianSnapshotMirror.TrimEnd('/')}/{snapshot}";
        }
        return settings.DebianMirror?.TrimEnd('/') ?? HostAptSources.FindDebianMirror(HostAptSources.Read(), debian.Suite);
    }

    /// <summary>Drops what describes the bootstrapping host, not the image (the engine provides these at run time).</summary>
    private static void RemoveHostSpecificFiles(string rootfs)
    {
        foreach (var file in new[] { "etc/hostname", "etc/resolv.conf", "etc/hosts" })
        {
            var path = Path.Combine(rootfs, file);
            if (File.Exists(path) || new FileInfo(path).LinkTarget is not null) File.Delete(path);
        }
        foreach (var directory in new[] { "var/cache/apt/archives", "var/lib/apt/lists" })
        {
            var path = Path.Combine(rootfs, directory);
            if (!Directory.Exists(path)) continue;
            foreach (var file in Directory.GetFiles(path)) File.Delete(file);
        }
    }
}
