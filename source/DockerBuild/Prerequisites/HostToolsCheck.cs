using DockerBuild.Tools.Process;

namespace DockerBuild.Prerequisites;

/// <summary>
/// The host programs a run will start (patchelf, patch, debootstrap, git, …, as declared by the code that starts
/// them) are present and usable. Missing Debian-packaged ones are installed with one apt-get; a program Debian does
/// not package is advice only.
/// </summary>
public sealed class HostToolsCheck(HostFacts host, IReadOnlyCollection<HostTool> tools)
{
    public async Task<CheckFinding> CheckAsync(CancellationToken cancellationToken)
    {
        if (tools.Count == 0) return new CheckFinding("tools", "no host tools needed", []);
        var found = new List<string>();
        var missing = new List<HostTool>();
        foreach (var tool in tools)
        {
            var path = tool.Locate(host.ProgramDirectories);
            if (path is not null && await UsableAsync(tool, path, cancellationToken)) found.Add($"{tool.Program} at {path}");
            else missing.Add(tool);
        }
        if (missing.Count == 0) return new CheckFinding("tools", string.Join(", ", found), []);

        var remedies = new List<Remedy>();
        var packaged = missing.Where(t => t.IsDebianPackaged).ToList();
        if (packaged.Count > 0)
            remedies.Add(Remedy.AptInstall(string.Join("; ", packaged.Select(t => $"{t.Program} {t.Purpose}")),
                [.. packaged.SelectMany(t => t.DebianPackages).Distinct(StringComparer.Ordinal)]));
        remedies.AddRange(missing.Where(t => !t.IsDebianPackaged).Select(t => new Remedy($"{t.Program} {t.Purpose}", null) { DisplayCommand = t.InstallCommand }));
        return new CheckFinding("tools", "missing host tools: " + string.Join(", ", missing.Select(Describe)), remedies);
    }

    private static string Describe(HostTool tool) => tool.IsDebianPackaged
        ? $"{tool.Program} (Debian package {string.Join(", ", tool.DebianPackages)}; it {tool.Purpose})"
        : $"{tool.Program} (not packaged by Debian; it {tool.Purpose})";

    // A found program that fails its probe (python3 without pip) counts as missing, so its packages get installed.
    private static async Task<bool> UsableAsync(HostTool tool, string path, CancellationToken cancellationToken)
    {
        if (tool.Probe.Count == 0) return true;
        var result = await ProcessRunner.RunAsync(new ProcessSpec { FileName = path, Arguments = tool.Probe }, cancellationToken);
        return result.Succeeded;
    }
}
