using DockerBuild.Platforms;
using DockerBuild.Tools.IO;
using DockerBuild.Tools.Pip;
using DockerBuild.Tools.Process;
using DockerBuild.Wheels;
using DockerBuild.Wheels.Policy;

namespace DockerBuild.Builds.Preparation;

/// <summary>
/// Universal and Prebuilt pairs (and SourceOrPrebuilt where packaged): the published wheel, fetched with
/// <c>pip download --only-binary=:all: --no-deps</c> for the platform's tags, Python version and ABI from the
/// configured package index. Without an index it fails saying so; it never builds instead.
/// </summary>
public static class PublishedWheelDownload
{
    /// <summary>The typed pip command for <paramref name="pair"/>.</summary>
    public static PipDownloadSettings SettingsFor(WheelPair pair, string indexUrl, string destination)
    {
        var platform = pair.Platform;
        var pure = platform.Kind == PlatformKind.Universal;
        return new PipDownloadSettings
        {
            Requirements = [$"{pair.Wheel.Name}=={pair.Wheel.Version}"],
            Destination = destination,
            IndexUrl = indexUrl,
            OnlyBinary = true,
            NoDependencies = true,
            Platforms = pure ? [] : AcceptedPlatformTags.For(platform.WheelPlat),
            PythonVersion = pure ? null : platform.Python,
            Implementation = pure ? null : "cp",
            Abis = pure ? [] : [platform.WheelAbi],
        };
    }

    /// <summary>Downloads the wheel into <paramref name="destination"/> and returns its path.</summary>
    public static async Task<string> DownloadAsync(WheelPair pair, string? indexUrl, string destination, PairLog log, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(indexUrl))
            throw new InvalidOperationException($"{pair.Wheel.Id} is taken as published on {pair.Platform.Name}, but no package index configured: "
                + "pass --index-url <PEP 503 simple index URL> (or set PIP_INDEX_URL) so it can be downloaded.");
        var python = PipRunner.HostPython.LocateOrThrow();
        Directory.CreateDirectory(destination);
        var settings = SettingsFor(pair, indexUrl, destination);
        var pip = new PipRunner(python);
        log.Write($"pip {string.Join(' ', settings.Arguments())}");
        try
        {
            var result = await pip.RunAsync(settings, cancellationToken: cancellationToken);
            log.WriteBlock(result.StandardOutput + result.StandardError);
        }
        catch (ProcessFailedException e)
        {
            log.WriteBlock(e.Result.StandardOutput + e.Result.StandardError);
            if (e.Result.RanOutOfSpace)
                throw new DiskFullException(destination, -1, DiskFullException.FreeBytes(destination), null, $"pip ran out of room downloading {pair.Wheel.Id} for {pair.Platform.Name}");
            throw new InvalidOperationException($"pip could not download {pair.Wheel.Id} for {pair.Platform.Name} from {indexUrl} "
                + $"(tags {string.Join(", ", settings.Platforms.DefaultIfEmpty("any"))}, ABI {settings.Abis.FirstOrDefault() ?? "none"}): "
                + e.Result.StandardError.Trim().Split('\n').LastOrDefault());
        }
        var wheels = Directory.GetFiles(destination, "*.whl");
        return wheels.Length == 1 ? wheels[0]
            : throw new InvalidOperationException($"pip download of {pair.Wheel.Id} for {pair.Platform.Name} left {wheels.Length} wheels in {destination}; expected one.");
    }
}
