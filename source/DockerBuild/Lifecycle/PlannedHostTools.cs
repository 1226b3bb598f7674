using DockerBuild.Builds;
using DockerBuild.Builds.Preparation;
using DockerBuild.Builds.Verification;
using DockerBuild.Images.Bases;
using DockerBuild.Selection;
using DockerBuild.Sources;
using DockerBuild.Sources.Acquisition;
using DockerBuild.Tools.Cipd.Cli;
using DockerBuild.Tools.PatchElf;
using DockerBuild.Tools.Pip;
using DockerBuild.Tools.Process;

namespace DockerBuild.Lifecycle;

/// <summary>
/// The host programs a run will start, worked out from the targets in its execution plan, what is selected and the
/// options given. Each program is declared by the class that starts it; this only says which steps run. Prerequisites
/// installs exactly these, so a fresh machine gets what the plan needs and nothing for targets it does not run.
/// </summary>
public static class PlannedHostTools
{
    // The names of build/Build.cs's targets whose steps start host programs.
    private const string Sources = "Sources";
    private const string GenerateImage = "GenerateImage";
    private const string BuildWheel = "BuildWheel";

    // Targets that start no container and build no image: a plan of only these needs no Docker engine or QEMU.
    private static readonly string[] HostOnlyTargets = ["Prerequisites", Sources];

    /// <summary>Whether the plan works with the Docker engine (and so QEMU for foreign platforms): every target does but Sources.</summary>
    public static bool UsesEngine(IReadOnlyCollection<string> plannedTargets) => plannedTargets.Any(t => !HostOnlyTargets.Contains(t));

    /// <param name="plannedTargets">The names of the targets in the execution plan.</param>
    /// <param name="selection">The selected platforms, wheels and pairs.</param>
    /// <param name="cipdService">--cipd-service: the store is then reached through the cipd client.</param>
    public static IReadOnlyList<HostTool> For(IReadOnlyCollection<string> plannedTargets, BuildSelection selection, string? cipdService)
    {
        var tools = new List<HostTool>();
        var buildsWheels = plannedTargets.Contains(BuildWheel);
        var bootstrapsBases = plannedTargets.Contains(GenerateImage) && selection.LinuxPlatforms.Any(p => p.Base?.Debian is not null);
        // Every wheel is verified in a Debian root bootstrapped on the host, whatever its platform's base.
        if (bootstrapsBases || buildsWheels) tools.AddRange([DebianBootstrap.Mmdebstrap, DebianBaseImage.Tar]);
        if ((plannedTargets.Contains(Sources) || buildsWheels) && selection.Sources.Any(s => s.Kind == SourceKind.Git))
            tools.Add(GitSourceFetcher.Tool);
        if (buildsWheels)
        {
            var pairs = selection.PartitionPairs;
            if (pairs.Any(p => !p.UsesPublishedWheel)) tools.Add(PatchElfCli.Tool);
            if (pairs.Any(p => !p.UsesPublishedWheel && p.Wheel.Patches.Count > 0)) tools.Add(PatchApplication.Patch);
            // pip fetches published wheels, and build requirements that the catalogue does not build.
            if (pairs.Any(p => p.UsesPublishedWheel || p.Wheel.BuildRequires.Any(r => selection.WheelCatalog.SpecFor(r) is null)))
                tools.Add(PipRunner.HostPython);
        }
        if (!string.IsNullOrWhiteSpace(cipdService)) tools.Add(CipdCli.Tool);
        return tools.DistinctBy(t => t.Program).ToList();
    }
}
