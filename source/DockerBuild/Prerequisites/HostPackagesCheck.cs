using DockerBuild.Tools.Process;

namespace DockerBuild.Prerequisites;

/// <summary>
/// The Debian packages listed in a file (one per line, # comments) are installed: how the test suite states what
/// it needs from the host, so that the README's test command sets up a fresh machine by itself.
/// </summary>
public sealed class HostPackagesCheck(string? packageListFile)
{
    public async Task<CheckFinding> CheckAsync(CancellationToken cancellationToken)
    {
        if (packageListFile is null) return new CheckFinding("packages", "no extra host packages needed", []);
        var wanted = File.ReadAllLines(packageListFile)
            .Select(l => l.Split('#')[0].Trim())
            .Where(l => l.Length > 0)
            .ToList();
        if (ProcessRunner.Which("dpkg-query") is null)
            return new CheckFinding("packages", "this host has no dpkg; cannot check the test suite's packages",
                [new Remedy($"Install the equivalents of: {string.Join(' ', wanted)}", null)]);

        var result = await ProcessRunner.RunAsync(new ProcessSpec
        {
            FileName = "dpkg-query",
            Arguments = ["-W", "-f", "${Package} ${db:Status-Status}\n", .. wanted],
        }, cancellationToken);
        var installed = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(' '))
            .Where(f => f.Length == 2 && f[1] == "installed")
            .Select(f => f[0].Split(':')[0])
            .ToHashSet(StringComparer.Ordinal);
        var missing = wanted.Where(p => !installed.Contains(p)).ToArray();
        return missing.Length == 0
            ? new CheckFinding("packages", $"{wanted.Count} test packages installed", [])
            : new CheckFinding("packages", $"missing test packages: {string.Join(' ', missing)}",
                [Remedy.AptInstall($"listed in {Path.GetFileName(packageListFile)}", missing)]);
    }
}
