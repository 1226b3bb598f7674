using DockerBuild.Platforms;
using DockerBuild.Tools.Engine;
using DockerBuild.Tools.Process;
using Spectre.Console;

namespace DockerBuild.Prerequisites;

/// <summary>
/// Makes sure the host can run the planned targets: a Docker engine, QEMU emulation for the selected foreign
/// platforms, and the host programs the plan will start (debootstrap, patchelf, patch, git, … see
/// <see cref="HostToolsCheck"/>). Quiet and fast when all is well (one line). Missing pieces are installed only as
/// root on a Debian-family host, each announced before it runs; otherwise the error lists the commands to run.
/// </summary>
public sealed class HostPrerequisites(ContainerEngine engine, HostFacts host, string stateDir, IAnsiConsole console)
{
    public string LogFile => Path.Combine(stateDir, "logs", "prerequisites.log");

    /// <summary>The entry point for the Prerequisites target: the run's engine, facts of this host.</summary>
    public static Task<IReadOnlyList<CheckFinding>> EnsureAsync(string stateDir, IEnumerable<PlatformSpec> platforms,
        IReadOnlyCollection<HostTool> tools, ContainerEngine engine, IAnsiConsole console, CancellationToken cancellationToken = default,
        string? hostPackageList = null, bool usesEngine = true) =>
        new HostPrerequisites(engine, HostFacts.Detect(), stateDir, console)
            .EnsureAsync(platforms, tools, cancellationToken, hostPackageList, usesEngine);

    /// <param name="platforms">The selected platforms: their QEMU architectures must be emulated.</param>
    /// <param name="tools">The host programs the planned targets start.</param>
    /// <param name="hostPackageList">A file listing further Debian packages that must be installed (the test suite's).</param>
    /// <param name="usesEngine">Whether the run starts containers; without, neither the engine nor QEMU is checked
    /// (a run of Sources alone needs only its host programs).</param>
    public async Task<IReadOnlyList<CheckFinding>> EnsureAsync(IEnumerable<PlatformSpec> platforms, IReadOnlyCollection<HostTool>? tools = null,
        CancellationToken cancellationToken = default, string? hostPackageList = null, bool usesEngine = true)
    {
        var qemu = usesEngine
            ? platforms.Select(p => p.Qemu).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList()
            : [];
        var engineCheck = new DockerEngineCheck(engine, host, stateDir);
        var packages = new HostPackagesCheck(hostPackageList);
        var programs = new HostToolsCheck(host, tools ?? []);

        // Packages and tools first: the engine and QEMU checks then see what they install.
        async Task<List<CheckFinding>> CheckAllAsync() =>
        [
            await packages.CheckAsync(cancellationToken), await programs.CheckAsync(cancellationToken),
            usesEngine ? await engineCheck.CheckAsync(cancellationToken) : new CheckFinding("docker", "no Docker engine needed", []),
            new EmulationCheck(host, qemu).Check(),
        ];

        var findings = await CheckAllAsync();
        if (findings.All(f => f.Satisfied))
        {
            console.WriteLine(Summary(findings));
            return findings;
        }
        var missing = findings.Where(f => !f.Satisfied).ToList();
        if (!host.CanInstall || missing.SelectMany(f => f.Remedies).Any(r => !r.CanRunHere)) throw new PrerequisiteException(Instructions(missing));

        // A fresh machine has no package lists: refresh them once before the first install.
        if (missing.SelectMany(f => f.Remedies).Any(r => r.Command?.FileName == "apt-get"))
        {
            console.WriteLine("Refreshing the package lists: apt-get update");
            await ProcessRunner.RunCheckedAsync(new ProcessSpec { FileName = "apt-get", Arguments = ["update", "-q"], LogFile = LogFile }, cancellationToken);
        }
        foreach (var finding in missing)
        {
            console.WriteLine($"Prerequisites: {finding.Found}.");
            foreach (var remedy in finding.Remedies)
            {
                console.WriteLine($"{remedy.Description}: {remedy.Command}");
                await ProcessRunner.RunCheckedAsync(remedy.Command! with { LogFile = LogFile }, cancellationToken);
            }
            if (finding.Name == "docker") await engineCheck.WaitUntilAnsweringAsync(cancellationToken);
        }

        findings = await CheckAllAsync();
        if (findings.Any(f => !f.Satisfied))
            throw new PrerequisiteException($"Prerequisites are still missing after installing them (log: {LogFile}).{Environment.NewLine}{Instructions(findings.Where(f => !f.Satisfied).ToList())}");
        console.WriteLine(Summary(findings));
        return findings;
    }

    private static string Summary(IEnumerable<CheckFinding> findings) => "Prerequisites: " + string.Join("; ", findings.Select(f => f.Found)) + ".";

    private string Instructions(IReadOnlyList<CheckFinding> missing)
    {
        var why = !host.IsDebianFamily ? "this host is not Debian-based (install the equivalents with its package manager)"
            : !host.IsRoot ? "not running as root"
            : "they need a decision this tool does not make, or a program Debian does not package";
        var lines = new List<string> { $"Prerequisites are missing and were not installed ({why}):" };
        foreach (var finding in missing) lines.Add($"  - {finding.Found}");
        lines.Add("Run:");
        lines.AddRange(missing.SelectMany(f => f.Remedies).Select(r => "  " + r.UserCommand(host.IsRoot)));
        return string.Join(Environment.NewLine, lines);
    }
}
