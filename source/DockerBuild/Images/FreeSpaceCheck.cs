using System.Globalization;
using DockerBuild.Tools.Engine;
using DockerBuild.Tools.IO;

namespace DockerBuild.Images;

/// <summary>
/// Before an image build, says early when the engine's data filesystem or the state directory's has less room than a
/// build takes, and what frees it: a build that fills the disk part-way fails minutes later and far less clearly.
/// A remote engine's disk cannot be seen from here, so only a local one is checked.
/// </summary>
public static class FreeSpaceCheck
{
    /// <summary>About what one toolchain image adds to the engine (measured images are 0.9–1.4 GiB).</summary>
    public const long EngineBytes = 1536L << 20;

    /// <summary>About what a build's context and a base bootstrap take in the state directory.</summary>
    public const long StateBytes = 512L << 20;

    /// <summary>The warning for <paramref name="free"/> bytes where <paramref name="needed"/> are wanted; null when there is room (or it is unknown).</summary>
    public static string? Warning(string what, string path, long needed, long free) =>
        free < 0 || free >= needed ? null
            : $"only {Mib(free)} MiB free on {path} ({what}); an image build needs ≈{Mib(needed)} MiB there. "
              + "Free space first, e.g. ./build.sh Prune (then --apply) to remove images and files this checkout no longer plans.";

    /// <summary>Announces a warning for each filesystem that is short of room.</summary>
    public static async Task WarnAsync(ImageSettings settings, ContainerEngine engine, BuildLog log, CancellationToken cancellationToken)
    {
        var warnings = new List<string?> { Warning("the state directory", settings.StateDirectory, StateBytes, DiskFullException.FreeBytes(settings.StateDirectory)) };
        if (engine.LocalSocket is not null)
        {
            try
            {
                if (await engine.GetDataRootAsync(cancellationToken) is { } root && Directory.Exists(root))
                    warnings.Add(Warning("the Docker engine's data", root, EngineBytes, DiskFullException.FreeBytes(root)));
            }
            catch (EngineException)
            {
                // The build itself reports an engine that does not answer.
            }
        }
        foreach (var warning in warnings.OfType<string>()) log.Announce(warning);
    }

    private static string Mib(long bytes) => (bytes >> 20).ToString(CultureInfo.InvariantCulture);
}
