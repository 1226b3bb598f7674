using System.Formats.Tar;
using System.Security.Cryptography;
using System.Text;
using DockerBuild.Images;
using DockerBuild.Images.Bases;
using DockerBuild.Platforms;
using DockerBuild.Tests.Data;
using DockerBuild.Tools.Engine;
using DockerBuild.Tools.Process;

namespace DockerBuild.Tests.FreshMachine;

/// <summary>
/// A machine that never ran the project, as a directory: Debian bookworm exactly as a minimal bootstrap
/// leaves it (the product's bookworm base image, which the image tests bootstrap anyway), plus what installing the
/// .NET SDK brings (its Debian dependencies and this machine's SDK, read-only), the machine's own network settings
/// (DNS, trusted CAs, NuGet configuration) and a clone of the checkout in root's home. Commands run in it through
/// chroot inside a private mount namespace: /proc, /sys, /dev, the SDK and the engine's socket are mounted only there,
/// so they vanish with the namespace's last process and can never outlive the directory.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal sealed class FreshDebianRoot : IAsyncDisposable
{
    /// <summary>Where the clone sits inside the root: a fresh user's home.</summary>
    public const string CheckoutInRoot = "/root/DockerBuild";

    /// <summary>root's PATH on a fresh Debian machine (login shell, /etc/profile).</summary>
    public const string FreshPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    // What the .NET SDK's Debian package depends on beyond minbase (ICU, TLS, Kerberos, the CA store).
    private const string DotnetDependencies = "ca-certificates libicu72 libssl3 libgssapi-krb5-2";

    private const string SdkInRoot = "/usr/share/dotnet";
    private const string SocketInRoot = "/run/docker.sock";

    private readonly string _directory;
    private readonly string _sdk;
    private readonly string _socket;

    private FreshDebianRoot(string directory, string sdk, string socket)
    {
        _directory = directory;
        _sdk = sdk;
        _socket = socket;
    }

    /// <summary>The root directory on the host.</summary>
    public string Path => System.IO.Path.Combine(_directory, "root");

    /// <summary>The host path of a path inside the root.</summary>
    public string HostPath(string pathInRoot) => System.IO.Path.Combine(Path, pathInRoot.TrimStart('/'));

    /// <summary>The clone's directory on the host.</summary>
    public string Checkout => HostPath(CheckoutInRoot);

    /// <summary>Makes the root from the engine's bookworm base (bootstrapping it when absent) and the checkout's files as a clone of it has them.</summary>
    public static async Task<FreshDebianRoot> CreateAsync(ContainerEngine engine, TextWriter progress, CancellationToken cancellationToken)
    {
        var sdk = DotnetSdkDirectory();
        var socket = engine.LocalSocket
            ?? throw new InvalidOperationException($"the fresh root is given the engine's socket, but the engine is at {engine.Endpoint}");
        var root = new FreshDebianRoot(Directory.CreateTempSubdirectory("dockerbuild-freshroot-").FullName, sdk, socket);
        try
        {
            var image = await EnsureImageAsync(engine, root._directory, progress, cancellationToken);
            await root.ExtractAsync(engine, image, cancellationToken);
            root.InstallDotnet();
            root.CopyHostNetworkSettings();
            await root.CloneCheckoutAsync(cancellationToken);
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(root.HostPath(SocketInRoot))!);
            await File.WriteAllTextAsync(root.HostPath(SocketInRoot), "", cancellationToken);
            return root;
        }
        catch
        {
            await root.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Runs <paramref name="command"/> with bash in the root as root, in <see cref="CheckoutInRoot"/>, with the
    /// environment of a fresh login (HOME, PATH, USER, SHELL) and nothing of this process's.
    /// </summary>
    public Task<ProcessResult> RunAsync(string command, string logFile, CancellationToken cancellationToken)
    {
        // The mounts are made in a new private mount namespace, which ends with its last process.
        const string enter = """
            set -e
            root="$1" sdk="$2" socket="$3" sdk_in_root="$4" socket_in_root="$5" command="$6"
            mount --rbind /proc "$root/proc"
            mount --rbind /sys "$root/sys"
            mount --rbind /dev "$root/dev"
            mount --bind "$sdk" "$root$sdk_in_root"
            mount -o remount,bind,ro "$root$sdk_in_root"
            mount --bind "$socket" "$root$socket_in_root"
            exec chroot "$root" /usr/bin/env -i HOME=/root USER=root LOGNAME=root SHELL=/bin/bash PATH="$FRESH_PATH" \
                /bin/bash -c "cd $CHECKOUT && $command"
            """;
        return ProcessRunner.RunAsync(new ProcessSpec
        {
            FileName = "unshare",
            Arguments = ["--mount", "--propagation", "private", "--", "/bin/sh", "-c", enter, "enter-fresh-root",
                Path, _sdk, _socket, SdkInRoot, SocketInRoot, command],
            Environment = new Dictionary<string, string?> { ["FRESH_PATH"] = FreshPath, ["CHECKOUT"] = CheckoutInRoot },
            LogFile = logFile,
        }, cancellationToken);
    }

    /// <summary>Where a program is in the root, looked up as a fresh root shell would (PATH), or null.</summary>
    public string? Locate(HostTool tool) => tool.Locate(FreshPath.Split(':').Select(HostPath));

    // The SDK this test run uses: the directory of the real dotnet executable on PATH.
    private static string DotnetSdkDirectory()
    {
        var dotnet = ProcessRunner.Which("dotnet") ?? throw new InvalidOperationException("dotnet is not on PATH");
        var real = new FileInfo(dotnet).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? dotnet;
        return System.IO.Path.GetDirectoryName(real)!;
    }

    // The bookworm minbase base plus the SDK's dependencies, kept in the engine under a key of its recipe.
    private static async Task<string> EnsureImageAsync(ContainerEngine engine, string scratch, TextWriter progress, CancellationToken cancellationToken)
    {
        var debian = new DebianBase { Suite = "bookworm" };
        var imageBase = DebianBaseRecipe.For(debian);
        var settings = new ImageSettings { StateDirectory = System.IO.Path.Combine(scratch, "state"), Output = progress };
        using (var log = new BuildLog(System.IO.Path.Combine(scratch, "base.log"), progress, "fresh root: "))
            await DebianBaseImage.EnsureAsync(debian, imageBase, settings, engine, log, cancellationToken);

        var dockerfile = $"""
            FROM {imageBase.Reference}
            RUN apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends {DotnetDependencies} \
             && rm -rf /var/lib/apt/lists/* /var/cache/apt/archives/*.deb
            """;
        var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(dockerfile)))[..32];
        var reference = $"dockerbuild-test/fresh-root:{key}";
        if (await engine.Images.FindAsync(reference, cancellationToken) is not null) return reference;

        progress.WriteLine($"fresh root: adding the .NET SDK's dependencies ({DotnetDependencies}) to {imageBase.Reference}");
        using var context = new MemoryStream();
        await using (var writer = new TarWriter(context, leaveOpen: true))
            await writer.WriteEntryAsync(new PaxTarEntry(TarEntryType.RegularFile, "Dockerfile") { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(dockerfile)) }, cancellationToken);
        context.Position = 0;
        await engine.Images.BuildAsync(new ImageBuildSpec { Tags = [reference] }, context, null, cancellationToken);
        return reference;
    }

    // The image's files, owners and modes as they are, through a container that is never started.
    private async Task ExtractAsync(ContainerEngine engine, string image, CancellationToken cancellationToken)
    {
        var archive = System.IO.Path.Combine(_directory, "root.tar");
        await using (var container = await engine.Containers.CreateAsync(new ContainerSpec { Image = image, Command = ["/bin/true"] }, cancellationToken))
        {
            await using var tar = await container.CopyOutAsync("/", cancellationToken) ?? throw new InvalidOperationException($"{image} has no /");
            await using var file = File.Create(archive);
            await tar.CopyToAsync(file, cancellationToken);
        }
        Directory.CreateDirectory(Path);
        await ProcessRunner.RunCheckedAsync(new ProcessSpec
        {
            FileName = "tar", Arguments = ["--extract", "--file", archive, "--directory", Path, "--numeric-owner", "--same-permissions"],
        }, cancellationToken);
        File.Delete(archive);
        foreach (var mountPoint in new[] { "proc", "sys", "dev" }) Directory.CreateDirectory(HostPath(mountPoint));
    }

    // As the SDK's package lays it out: the SDK in /usr/share/dotnet (mounted there, read-only) and dotnet on PATH.
    private void InstallDotnet()
    {
        Directory.CreateDirectory(HostPath(SdkInRoot));
        var link = HostPath("/usr/bin/dotnet");
        if (File.Exists(link) || new FileInfo(link).LinkTarget is not null) File.Delete(link);
        File.CreateSymbolicLink(link, $"{SdkInRoot}/dotnet");
    }

    // What the machine's administrator set up and a user would have: name resolution, the CAs this network's TLS
    // presents (a proxy's own CA included), and NuGet's sources.
    private void CopyHostNetworkSettings()
    {
        ReplaceFile("/etc/resolv.conf", File.ReadAllText("/etc/resolv.conf"));
        ReplaceFile("/etc/hosts", "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n");
        const string bundle = "/etc/ssl/certs/ca-certificates.crt";
        if (File.Exists(bundle))
        {
            // Also as a local CA, so that a later update-ca-certificates in the root keeps trusting it.
            ReplaceFile("/usr/local/share/ca-certificates/host-trust.crt", File.ReadAllText(bundle));
            ReplaceFile(bundle, File.ReadAllText(bundle));
        }
        var nugetConfig = System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "NuGet", "NuGet.Config");
        if (File.Exists(nugetConfig)) ReplaceFile("/root/.nuget/NuGet/NuGet.Config", File.ReadAllText(nugetConfig));
    }

    private void ReplaceFile(string pathInRoot, string content)
    {
        var path = HostPath(pathInRoot);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        if (File.Exists(path) || new FileInfo(path).LinkTarget is not null) File.Delete(path);
        File.WriteAllText(path, content);
    }

    // The checkout's files as a clone has them: tracked files plus new ones not ignored, never build outputs or state.
    private async Task CloneCheckoutAsync(CancellationToken cancellationToken)
    {
        var checkout = RepositoryRoot.Find();
        var listed = await ProcessRunner.RunCheckedAsync(new ProcessSpec
        {
            FileName = "git", Arguments = ["-C", checkout, "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        }, cancellationToken);
        foreach (var file in listed.StandardOutput.Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            var source = System.IO.Path.Combine(checkout, file);
            if (!File.Exists(source)) continue; // deleted in the working tree, not yet committed
            var target = System.IO.Path.Combine(Checkout, file);
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(target)!);
            File.Copy(source, target);
            File.SetUnixFileMode(target, File.GetUnixFileMode(source));
        }
    }

    /// <summary>
    /// Ends what is still running in the root (the SDK's build servers), makes sure nothing is mounted under it, and
    /// only then removes it, without crossing into any file system mounted below it.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        await FreshRootCleanup.EndProcessesAsync(_directory);
        FreshRootCleanup.UnmountAll(_directory);
        await ProcessRunner.RunCheckedAsync(new ProcessSpec { FileName = "rm", Arguments = ["-rf", "--one-file-system", _directory] });
    }
}
