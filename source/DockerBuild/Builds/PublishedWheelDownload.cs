using DockerBuild.Platforms;
using DockerBuild.Tools.Pip;
using DockerBuild.Tools.Process;
using DockerBuild.Wheels;
using DockerBuild.Wheels.Policy;

namespace DockerBuild.Builds;

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
            Platforms = pure ? [] : AcceptedTags(platform.WheelPlat),
            PythonVersion = pure ? null : platform.Python,
            Implementation = pure ? null : "cp",
            Abis = pure ? [] : [platform.WheelAbi],
        };
    }

    /// <summary>
    /// Every platform tag a wheel for these tags may carry, most preferred first. pip matches <c>--platform</c> exactly
    /// for perennial manylinux tags, so <c>manylinux_2_36_x86_64</c> is spelled out down to the architecture's first
    /// level, with the legacy aliases (manylinux2014 …) of each level.
    /// </summary>
    public static IReadOnlyList<string> AcceptedTags(IReadOnlyList<string> wheelPlat)
    {
        var policy = ManylinuxPolicy.Default;
        var tags = new List<string>();
        foreach (var tag in wheelPlat)
        {
            var match = System.Text.RegularExpressions.Regex.Match(tag, @"^manylinux_2_(\d+)_(.+)$");
            if (!match.Success || !policy.Architectures.Contains(match.Groups[2].Value))
            {
                tags.Add(tag);
                continue;
            }
            var architecture = match.Groups[2].Value;
            for (var level = int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture); level >= policy.MinimumLevel(architecture); level--)
            {
                tags.Add($"manylinux_2_{level}_{architecture}");
                tags.AddRange(policy.LegacyAliases(architecture, level));
            }
        }
        return tags.Distinct().ToList();
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
            throw new InvalidOperationException($"pip could not download {pair.Wheel.Id} for {pair.Platform.Name} from {indexUrl} "
                + $"(tags {string.Join(", ", settings.Platforms.DefaultIfEmpty("any"))}, ABI {settings.Abis.FirstOrDefault() ?? "none"}): "
                + e.Result.StandardError.Trim().Split('\n').LastOrDefault());
        }
        var wheels = Directory.GetFiles(destination, "*.whl");
        return wheels.Length == 1 ? wheels[0]
            : throw new InvalidOperationException($"pip download of {pair.Wheel.Id} for {pair.Platform.Name} left {wheels.Length} wheels in {destination}; expected one.");
    }
}
