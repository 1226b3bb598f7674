using System.Security.Cryptography;
using System.Text;
using DockerBuild.Images;
using DockerBuild.Images.Bases;
using DockerBuild.Platforms;
using DockerBuild.Tools.Engine;
using DockerBuild.Tools.IO;
using DockerBuild.Tools.Process;

namespace DockerBuild.Builds.Verification;

/// <summary>
/// A clean Debian root filesystem of a suite and architecture with python3, imported as an image once and reused.
/// It is made without emulation: the minimal system's packages and python3 with what it depends on are unpacked
/// (<see cref="DebianBootstrap"/>'s unpacked root), and no maintainer script runs — a foreign second stage under QEMU
/// took minutes and adds nothing an import needs. Python's own postinst step is kept: the standard library is
/// byte-compiled once here (by the host's python3 when it writes the same bytecode, else chrooted, under QEMU for a
/// foreign root), so no verification pays for compiling it again under emulation. A root that must be a configured
/// system (the emulated-build benchmark's, with a compiler) asks for <c>configure</c> and gets one, its maintainer
/// scripts run under QEMU. Roots are made ahead of need, while GenerateImage works, so every step runs at the lowest
/// priority: the images come first. Mirror from the host's apt configuration. Wheels are verified in it, so nothing of
/// the build toolchain can make a broken wheel look good.
/// </summary>
public static class VerificationRootfs
{
    /// <summary>Bump when the rootfs recipe changes meaning.</summary>
    public const int RecipeVersion = 5; // 5: made by mmdebstrap (was debootstrap)

    /// <summary>
    /// About what bootstrapping takes in the state directory at its peak: the tree with its downloaded packages, then
    /// the tree and its archive (bookworm minbase roots with python3 are 120–190 MB, by architecture).
    /// </summary>
    public const long BootstrapBytes = 384L << 20;

    private static readonly InFlightWork<string> Running = new();

    /// <summary>The image name for a (suite, architecture, packages) rootfs.</summary>
    public static string ReferenceFor(string suite, string architecture, IReadOnlyList<string> packages, bool configure = false)
    {
        var identity = $"verify-rootfs {RecipeVersion}\nsuite {suite}\narch {architecture}\npackages {string.Join(',', packages.Order(StringComparer.Ordinal))}\n"
            + (configure ? "configured\n" : "unpacked\n");
        var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(identity)));
        return $"dockerbuild/rootfs-{suite}-{architecture}:{key}";
    }

    /// <summary>Makes the rootfs image present (one bootstrap at a time per image) and returns its name.</summary>
    public static Task<string> EnsureAsync(string suite, string architecture, IReadOnlyList<string> packages, ImageSettings settings,
        ContainerEngine engine, TextWriter progress, CancellationToken cancellationToken, bool configure = false)
    {
        var reference = ReferenceFor(suite, architecture, packages, configure);
        return Running.RunAsync(reference, () => CreateAsync(reference, suite, architecture, packages, configure, settings, engine, progress, cancellationToken));
    }

    /// <summary>The engine's platform string of a Debian architecture.</summary>
    public static string DockerPlatform(string architecture) => architecture switch
    {
        "amd64" => "linux/amd64",
        "arm64" => "linux/arm64",
        "armhf" => "linux/arm/v7",
        "armel" => "linux/arm/v5",
        "i386" => "linux/386",
        "ppc64el" => "linux/ppc64le",
        "s390x" => "linux/s390x",
        "riscv64" => "linux/riscv64",
        _ => throw new ArgumentException($"no container platform is known for Debian architecture '{architecture}'"),
    };

    private static async Task<string> CreateAsync(string reference, string suite, string architecture, IReadOnlyList<string> packages,
        bool configure, ImageSettings settings, ContainerEngine engine, TextWriter progress, CancellationToken cancellationToken)
    {
        if (await engine.Images.FindAsync(reference, cancellationToken) is not null) return reference;
        if (!Environment.IsPrivilegedProcess)
            throw new InvalidOperationException($"bootstrapping the {suite} {architecture} verification rootfs ({reference}) runs mmdebstrap, which needs root. "
                + "Run BuildWheel as root once (later runs reuse the image).");
        var mirror = settings.DebianMirror?.TrimEnd('/') ?? HostAptSources.FindDebianMirror(HostAptSources.Read(), suite);
        var logFile = Path.Combine(settings.StateDirectory, "logs", "BuildWheel", "rootfs", $"{suite}-{architecture}.log");
        Directory.CreateDirectory(Path.GetDirectoryName(logFile)!);
        var scratch = Path.Combine(settings.StateDirectory, "temp", $"rootfs-{suite}-{architecture}-{Guid.NewGuid():N}");
        var rootfs = Path.Combine(scratch, "rootfs");
        var archive = Path.Combine(scratch, "rootfs.tar");
        // A bootstrap that cannot fit is said before it starts.
        DiskFullException.EnsureRoom(scratch, BootstrapBytes, $"bootstrapping the {suite} {architecture} verification rootfs takes about that much there; "
            + "nothing was bootstrapped (./build.sh Prune --apply frees what this checkout no longer uses)");
        try
        {
            Directory.CreateDirectory(scratch);
            progress.WriteLine($"verification rootfs: bootstrapping Debian {suite} {architecture} from {mirror} (log: {logFile})");
            var request = new DebianRootRequest(suite, architecture, Unpacked: !configure, ["python3", .. packages], mirror,
                AcceptsExpiredRelease: PlatformVocabulary.Suite(suite) is { Testing: true });
            await RunFillingAsync(scratch, DebianBootstrap.Spec(request, rootfs, logFile, null, background: true), cancellationToken);
            if (!configure)
            {
                WriteAccounts(rootfs);
                await ByteCompileAsync(scratch, rootfs, logFile, progress, cancellationToken);
            }
            DebianBaseImage.RemoveHostSpecificFiles(rootfs, keepsPackageLists: false);
            await RunFillingAsync(scratch, new ProcessSpec
            {
                FileName = DebianBaseImage.Tar.LocateOrThrow(),
                Arguments = ["--create", "--file", archive, "--directory", rootfs, "--sort=name", "--numeric-owner", "--format=posix",
                    "--exclude=./dev/*", "--exclude=./proc/*", "--exclude=./sys/*", "."],
                LogFile = logFile,
                Background = true,
            }, cancellationToken);
            await using var stream = File.OpenRead(archive);
            await engine.Images.ImportAsync(stream, reference,
                new ImageImportSpec { Platform = DockerPlatform(architecture), Message = $"verification rootfs {suite} {architecture}" }, null, cancellationToken);
            progress.WriteLine($"verification rootfs: imported {reference}");
            return reference;
        }
        finally
        {
            if (Directory.Exists(scratch)) Directory.Delete(scratch, recursive: true);
        }
    }

    /// <summary>Runs a step that writes into <paramref name="scratch"/>; one that fills the disk says so in one line, once its files are gone.</summary>
    private static async Task RunFillingAsync(string scratch, ProcessSpec spec, CancellationToken cancellationToken)
    {
        var result = await ProcessRunner.RunAsync(spec, cancellationToken);
        if (result.Succeeded) return;
        if (!result.RanOutOfSpace) throw new ProcessFailedException(spec, result);
        ThrowFilled(scratch, spec);
    }

    private static void ThrowFilled(string scratch, ProcessSpec spec)
    {
        Directory.Delete(scratch, recursive: true);
        throw new DiskFullException(scratch, BootstrapBytes, DiskFullException.FreeBytes(scratch), null,
            $"{Path.GetFileName(spec.FileName)} ran out of room making the verification rootfs");
    }

    /// <summary>
    /// What python3's maintainer script would do (py3compile): the standard library's modules compiled to bytecode
    /// (<see cref="StandardLibraryBytecode"/>). Without it every verification compiles each module it imports again (PYTHONDONTWRITEBYTECODE
    /// keeps a run from leaving files behind), seconds per interpreter start under QEMU. Only the speed of later runs
    /// depends on it, so a host that cannot run the root's programs (no binfmt entry for a remote engine's architecture)
    /// gets a root without bytecode, said in the log.
    /// </summary>
    private static async Task ByteCompileAsync(string scratch, string rootfs, string logFile, TextWriter progress, CancellationToken cancellationToken)
    {
        var (spec, result) = await StandardLibraryBytecode.CompileAsync(rootfs, logFile, cancellationToken);
        if (result.Succeeded) return;
        if (result.RanOutOfSpace) ThrowFilled(scratch, spec);
        progress.WriteLine($"verification rootfs: its Python was not byte-compiled (the root's python3 does not run on this machine; see {logFile}): "
            + "each verification compiles what it imports");
    }

    /// <summary>The account files base-passwd's maintainer script would write (verification runs as nobody).</summary>
    private static void WriteAccounts(string rootfs)
    {
        foreach (var (master, file) in new[] { ("passwd.master", "etc/passwd"), ("group.master", "etc/group") })
        {
            var source = Path.Combine(rootfs, "usr/share/base-passwd", master);
            if (File.Exists(source) && !File.Exists(Path.Combine(rootfs, file))) File.Copy(source, Path.Combine(rootfs, file));
        }
    }
}
