using DockerBuild.Images.Recipe;
using DockerBuild.Platforms;
using DockerBuild.Tools.Engine;
using DockerBuild.Tools.Process;

namespace DockerBuild.Images.Bases;

/// <summary>
/// Makes a Debian base image without any registry: a minimal system (<see cref="DebianBootstrap"/>) in a scratch directory,
/// packed as a deterministic tar (sorted, numeric owners, no device nodes) and imported into the engine.
/// The result is cached under its tag; a present image is reused.
/// </summary>
public static class DebianBaseImage
{
    /// <summary>Packs a bootstrapped root here and for BuildWheel's verification roots, for the host's prerequisites.</summary>
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
        await BootstrapAsync(debian, imageBase, new DebianImageContent(imageBase.Reference, [], [], imageBase.Identity), settings, engine, log, cancellationToken);
    }

    /// <summary>
    /// Bootstraps <paramref name="debian"/> as the base <paramref name="imageBase"/> describes, with <paramref name="content"/>'s
    /// packages installed in the same apt run, and imports it under <paramref name="content"/>'s reference.
    /// </summary>
    public static async Task BootstrapAsync(DebianBase debian, ImageBase imageBase, DebianImageContent content, ImageSettings settings,
        ContainerEngine engine, BuildLog log, CancellationToken cancellationToken)
    {
        var mirror = MirrorFor(debian, settings);
        if (!Environment.IsPrivilegedProcess)
            throw new InvalidOperationException(
                $"bootstrapping the Debian {debian.Suite} base ({content.Reference}) runs mmdebstrap, which needs root " +
                "(it creates device nodes and chroots). Run GenerateImage as root once (later runs reuse the image), " +
                "or use a platform whose base.image is mirrored into --registry.");
        var request = new DebianRootRequest(debian.Suite, null, Unpacked: false, content.Packages, mirror, imageBase.AcceptsExpiredRelease,
            KeepsPackageLists: content.KeepsPackageLists);

        var scratch = Path.Combine(settings.StateDirectory, "temp", $"bootstrap-{debian.Suite}-{Guid.NewGuid():N}");
        var rootfs = Path.Combine(scratch, "rootfs");
        var archive = Path.Combine(scratch, "rootfs.tar");
        try
        {
            Directory.CreateDirectory(scratch);
            log.Announce($"bootstrapping Debian {debian.Suite}{(debian.Snapshot is null ? "" : $" at {debian.Snapshot}")} from {mirror}");
            await ProcessRunner.RunCheckedAsync(DebianBootstrap.Spec(request, rootfs, null, log.Write), cancellationToken);
            RemoveHostSpecificFiles(rootfs, content.KeepsPackageLists);
            await ProcessRunner.RunCheckedAsync(new ProcessSpec
            {
                FileName = Tar.LocateOrThrow(),
                // GNU tar's reproducible-archive options; /dev, /proc and /sys contents are the engine's business.
                Arguments = ["--create", "--file", archive, "--directory", rootfs, "--sort=name", "--numeric-owner",
                    "--format=posix", "--pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime",
                    "--exclude=./dev/*", "--exclude=./proc/*", "--exclude=./sys/*", "."],
                OnLine = log.Write,
            }, cancellationToken);
            log.Announce($"importing {content.Reference}");
            await using var stream = File.OpenRead(archive);
            await engine.Images.ImportAsync(stream, content.Reference, new ImageImportSpec { Message = content.Message, Changes = content.Changes }, log,
                cancellationToken);
        }
        finally
        {
            if (Directory.Exists(scratch)) Directory.Delete(scratch, recursive: true);
        }
    }

    /// <summary>The archive URL the bootstrap reads: the snapshot archive when pinned, else the configured or host mirror.</summary>
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

    /// <summary>
    /// Drops what describes the bootstrapping host, not the image (the engine provides these at run time), and apt's
    /// downloads and, unless kept, its lists. For the verification roots too.
    /// </summary>
    public static void RemoveHostSpecificFiles(string rootfs, bool keepsPackageLists)
    {
        foreach (var file in new[] { "etc/hostname", "etc/resolv.conf", "etc/hosts" })
        {
            var path = Path.Combine(rootfs, file);
            if (File.Exists(path) || new FileInfo(path).LinkTarget is not null) File.Delete(path);
        }
        foreach (var directory in keepsPackageLists ? ["var/cache/apt/archives"] : new[] { "var/cache/apt/archives", "var/lib/apt/lists" })
        {
            var path = Path.Combine(rootfs, directory);
            if (!Directory.Exists(path)) continue;
            foreach (var file in Directory.GetFiles(path)) File.Delete(file);
        }
    }
}

/// <summary>What a bootstrapped image holds beyond the minimal system, and how it is named and described.</summary>
/// <param name="Reference">The tag it is imported under.</param>
/// <param name="Packages">Installed in the bootstrap's own apt run.</param>
/// <param name="Changes">Dockerfile instructions applied on import (ENV, LABEL).</param>
/// <param name="Message">The import's history message.</param>
/// <param name="KeepsPackageLists">Whether apt's lists stay (see <see cref="DebianRootRequest.KeepsPackageLists"/>).</param>
public sealed record DebianImageContent(string Reference, IReadOnlyList<string> Packages, IReadOnlyList<string> Changes, string Message,
    bool KeepsPackageLists = false);
