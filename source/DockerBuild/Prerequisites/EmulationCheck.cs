using DockerBuild.Tools.Process;

namespace DockerBuild.Prerequisites;

/// <summary>
/// Foreign-architecture containers run under QEMU user emulation: qemu-user-static and binfmt-support installed,
/// binfmt_misc mounted, and a handler enabled for each needed QEMU architecture.
/// </summary>
public sealed class EmulationCheck(HostFacts host, IReadOnlyCollection<string> qemuArchitectures)
{
    /// <summary>The program this check runs to enable a QEMU handler.</summary>
    public static readonly HostTool UpdateBinfmts = new("update-binfmts", "binfmt-support", "enables the QEMU handlers that run foreign-architecture containers");

    /// <summary>The package of the statically linked QEMU user emulators (qemu-&lt;arch&gt;-static), which the kernel starts through binfmt_misc.</summary>
    public const string QemuPackage = "qemu-user-static";

    public CheckFinding Check()
    {
        if (qemuArchitectures.Count == 0) return new CheckFinding("emulation", "emulation not needed", []);
        var remedies = new List<Remedy>();
        var missingBinaries = qemuArchitectures.Where(a => !File.Exists(Path.Combine(host.QemuDirectory, $"qemu-{a}-static"))).ToList();
        var packages = new List<string>();
        if (missingBinaries.Count > 0) packages.Add(QemuPackage);
        if (UpdateBinfmts.Locate(host.ProgramDirectories) is null) packages.AddRange(UpdateBinfmts.DebianPackages);
        if (packages.Count > 0)
        {
            var why = missingBinaries.Count > 0
                ? $"{string.Join(", ", missingBinaries.Select(a => $"qemu-{a}-static"))} not in {host.QemuDirectory}"
                : "update-binfmts is missing";
            remedies.Add(Remedy.AptInstall(why, [.. packages]));
        }

        var mounted = File.Exists(Path.Combine(host.BinfmtMiscDirectory, "status"));
        if (!mounted)
            remedies.Add(new Remedy($"Mounting binfmt_misc on {host.BinfmtMiscDirectory}", new ProcessSpec
            {
                FileName = "mount", Arguments = ["-t", "binfmt_misc", "binfmt_misc", host.BinfmtMiscDirectory],
            }));

        var states = new List<string>();
        foreach (var arch in qemuArchitectures)
        {
            var handler = Path.Combine(host.BinfmtMiscDirectory, $"qemu-{arch}");
            var lines = mounted && File.Exists(handler) ? File.ReadAllLines(handler) : [];
            var enabled = lines.FirstOrDefault() == "enabled";
            var flags = lines.FirstOrDefault(l => l.StartsWith("flags:", StringComparison.Ordinal))?["flags:".Length..].Trim() ?? "";
            if (enabled && !flags.Contains('F'))
                throw new PrerequisiteException($"The qemu-{arch} binfmt handler in {handler} lacks the F (fix binary) flag, so containers cannot find the interpreter. " +
                                                "Reinstall Debian's qemu-user-static, which registers its handlers with F: apt-get install --reinstall qemu-user-static");
            if (enabled)
            {
                states.Add($"{arch} enabled");
                continue;
            }
            states.Add($"{arch} not enabled");
            remedies.Add(new Remedy($"Enabling the qemu-{arch} binfmt handler", new ProcessSpec
            {
                // By name, as a user types it: it is run as root, whose PATH holds the sbin directories.
                FileName = UpdateBinfmts.Program, Arguments = ["--enable", $"qemu-{arch}"],
            }));
        }
        var found = mounted ? $"emulation {string.Join(", ", states)}" : $"binfmt_misc not mounted on {host.BinfmtMiscDirectory}";
        return new CheckFinding("emulation", found, remedies);
    }
}
