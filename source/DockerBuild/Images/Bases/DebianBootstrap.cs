using DockerBuild.Tools.Process;

namespace DockerBuild.Images.Bases;

/// <summary>What one Debian root made on the host holds.</summary>
/// <param name="Suite">The Debian suite, e.g. bookworm.</param>
/// <param name="Architecture">Its Debian architecture; null is the host's.</param>
/// <param name="Unpacked">
/// True for a root whose packages are only unpacked (no maintainer script runs, so a foreign root needs no emulation):
/// the minimal system's packages (the essential set and apt) plus <paramref name="Include"/> and what they depend on.
/// False for a configured minimal system (essential packages and apt, then <paramref name="Include"/>).
/// </param>
/// <param name="Include">Packages wanted besides the variant's own.</param>
/// <param name="Mirror">The archive root URL (a Debian mirror or a snapshot).</param>
/// <param name="AcceptsExpiredRelease">Whether apt reads a Release file past its Valid-Until (a snapshot, a testing suite).</param>
/// <param name="KeepsPackageLists">
/// Keep apt's package lists in the root, for images built on it: their <c>apt-get update</c> then fetches only what changed
/// (a new architecture's index) instead of the whole suite's again.
/// </param>
public sealed record DebianRootRequest(string Suite, string? Architecture, bool Unpacked, IReadOnlyList<string> Include, string Mirror,
    bool AcceptsExpiredRelease, bool KeepsPackageLists = false);

/// <summary>
/// Makes a Debian root directory on the host with mmdebstrap, for the base images and the verification roots. apt
/// resolves and fetches the packages, side by side; debootstrap's shell resolver and one-at-a-time downloads took two
/// minutes a root when four were made at once on two cores, and this takes seconds. An unpacked root has a merged /usr
/// on every suite (trixie's packages need it); a configured one has it as its suite's packages make it.
/// </summary>
public static class DebianBootstrap
{
    /// <summary>The program, for the host's prerequisites.</summary>
    public static readonly HostTool Mmdebstrap = new("mmdebstrap", "mmdebstrap", "bootstraps the Debian base images and the verification roots of wheels");

    // Shipped with mmdebstrap: symlinks /bin, /lib, /sbin into /usr before anything is unpacked, as debootstrap does.
    private const string MergedUsrHooks = "/usr/share/mmdebstrap/hooks/merged-usr";

    /// <summary>
    /// dpkg's options in a configured root, written to its configuration once the essential packages are in, so they hold
    /// for the rest of the bootstrap and every dpkg run in images built on it. What Debian's own slim container images
    /// leave out (documentation but its copyright files, manual and info pages, translations): a build reads none of it,
    /// and it was a quarter of the files a tools image unpacks, packs and imports. And no fsync per file: a root that is
    /// half written is thrown away whole, never used. (Given to mmdebstrap as --dpkgopt instead, they made its own
    /// unpacking of the packages ten times slower.)
    /// </summary>
    private static readonly IReadOnlyList<string> DpkgOptions =
    [
        "force-unsafe-io",
        "path-exclude=/usr/share/doc/*", "path-include=/usr/share/doc/*/copyright",
        "path-exclude=/usr/share/man/*", "path-exclude=/usr/share/info/*", "path-exclude=/usr/share/groff/*",
        "path-exclude=/usr/share/locale/*", "path-include=/usr/share/locale/locale.alias",
        "path-exclude=/usr/share/lintian/*",
    ];

    /// <summary>mmdebstrap's arguments for <paramref name="request"/> into the new directory <paramref name="directory"/>.</summary>
    public static IReadOnlyList<string> Arguments(DebianRootRequest request, string directory)
    {
        var arguments = new List<string>
        {
            "--mode=root",
            "--format=directory",
            request.Unpacked ? "--variant=extract" : "--variant=minbase",
        };
        // A configured system gets its merged /usr from its own packages (bookworm on); an unpacked one from the hook.
        if (request.Unpacked) arguments.Add($"--hook-dir={MergedUsrHooks}");
        if (request.Architecture is { } architecture) arguments.Add($"--arch={architecture}");
        // The extract variant takes only what it is given: what the minimal variant installs (the essential set and apt,
        // which brings the C++ runtime every Debian system has) is asked for by name.
        var include = (request.Unpacked ? new[] { "?essential", "apt" } : []).Concat(request.Include).Distinct(StringComparer.Ordinal).ToList();
        // One option each: mmdebstrap takes an argument holding an apt pattern whole, commas included.
        arguments.AddRange(include.Select(package => $"--include={package}"));
        if (!request.Unpacked)
            arguments.Add("--essential-hook=printf '%s\\n' " + string.Join(' ', DpkgOptions.Select(o => $"'{o}'"))
                + " > \"$1/etc/dpkg/dpkg.cfg.d/dockerbuild-slim\"");
        // Options stay in the root's apt configuration, for every apt run in images built on it: no translated
        // descriptions (a build reads none), and a testing suite's week-long Release accepted past its date.
        arguments.Add("--aptopt=Acquire::Languages \"none\"");
        if (request.AcceptsExpiredRelease) arguments.Add("--aptopt=Acquire::Check-Valid-Until \"false\"");
        if (request.KeepsPackageLists) arguments.Add("--skip=cleanup/apt/lists");
        arguments.AddRange([request.Suite, directory, request.Mirror]);
        return arguments;
    }

    /// <summary>The process that makes the root; its output goes to <paramref name="logFile"/> and <paramref name="onLine"/>.</summary>
    public static ProcessSpec Spec(DebianRootRequest request, string directory, string? logFile, Action<string>? onLine, bool background = false) => new()
    {
        Background = background,
        FileName = Mmdebstrap.LocateOrThrow(),
        Arguments = Arguments(request, directory),
        LogFile = logFile,
        OnLine = onLine,
    };
}
