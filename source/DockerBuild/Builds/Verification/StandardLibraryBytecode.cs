using System.Text.RegularExpressions;
using DockerBuild.Tools.Process;

namespace DockerBuild.Builds.Verification;

/// <summary>
/// Byte-compiles a root's Python library once, as python3's maintainer script would (py3compile). The host's python3
/// does it when it writes the bytecode the root's interpreter reads (the same magic number: a bookworm root on a bookworm
/// host), natively, naming each file as the root sees it; bytecode does not depend on the architecture. Otherwise the
/// root's own interpreter does it, chrooted: under QEMU for a foreign root, seconds of emulation each.
/// </summary>
internal static partial class StandardLibraryBytecode
{
    /// <summary>Compiles <c>/usr/lib/python3*</c> of <paramref name="rootfs"/> at the lowest priority; the last process run and its result.</summary>
    public static async Task<(ProcessSpec Spec, ProcessResult Result)> CompileAsync(string rootfs, string logFile, CancellationToken cancellationToken)
    {
        var directories = Directory.Exists(Path.Combine(rootfs, "usr", "lib"))
            ? Directory.GetDirectories(Path.Combine(rootfs, "usr", "lib"), "python3*").Order(StringComparer.Ordinal).ToList()
            : [];
        if (ProcessRunner.Which("python3") is { } host && RootMagic(directories) is { } magic && await HostMagicAsync(host, cancellationToken) == magic)
        {
            var native = new ProcessSpec
            {
                FileName = host,
                Arguments = ["-m", "compileall", "-q", "-s", rootfs, "-p", "/", .. directories],
                LogFile = logFile,
                Background = true,
            };
            var compiled = await ProcessRunner.RunAsync(native, cancellationToken);
            if (compiled.Succeeded || compiled.RanOutOfSpace) return (native, compiled);
        }
        var chrooted = new ProcessSpec
        {
            FileName = ProcessRunner.Which("chroot") ?? "/usr/sbin/chroot",
            Arguments = [rootfs, "/bin/sh", "-c", "exec python3 -m compileall -q /usr/lib/python3*"],
            LogFile = logFile,
            Background = true,
        };
        return (chrooted, await ProcessRunner.RunAsync(chrooted, cancellationToken));
    }

    /// <summary>The magic number the root's one CPython writes, read from its import machinery's source; null when unclear.</summary>
    private static int? RootMagic(IReadOnlyList<string> directories)
    {
        var versions = directories.Where(d => Path.GetFileName(d) != "python3").ToList();
        if (versions.Count != 1) return null;
        var source = Path.Combine(versions[0], "importlib", "_bootstrap_external.py");
        if (!File.Exists(source)) return null;
        var match = MagicNumber().Match(File.ReadAllText(source));
        return match.Success ? int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : null;
    }

    private static async Task<int?> HostMagicAsync(string python, CancellationToken cancellationToken)
    {
        var result = await ProcessRunner.RunAsync(new ProcessSpec
        {
            FileName = python,
            Arguments = ["-c", "import importlib.util as u; print(int.from_bytes(u.MAGIC_NUMBER[:2], 'little'))"],
        }, cancellationToken);
        return result.Succeeded && int.TryParse(result.StandardOutput.Trim(), out var magic) ? magic : null;
    }

    [GeneratedRegex(@"^MAGIC_NUMBER = \((\d+)\)\.to_bytes\(2, 'little'\)", RegexOptions.Multiline)]
    private static partial Regex MagicNumber();
}
