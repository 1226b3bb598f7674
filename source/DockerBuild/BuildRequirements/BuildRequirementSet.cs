using DockerBuild.Platforms;
using DockerBuild.Wheels;

namespace DockerBuild.BuildRequirements;

/// <summary>
/// The build-requirement wheels of one BuildWheel run, by requirement and build host: fetched (or found in the store)
/// before any pair builds, or built from the catalogue in the first phases. A requirement that could not be had is
/// kept with its reason, so every pair that needs it fails with that reason and the others go ahead.
/// </summary>
public sealed class BuildRequirementSet(WheelCatalog wheels, PlatformCatalog platforms)
{
    private readonly Dictionary<(string Key, string Version, string Host), ResolvedRequirement> _ready = new();
    private readonly Dictionary<(string Key, string Version, string Host), string> _failed = new();
    private readonly Lock _gate = new();

    /// <summary>Gets every external requirement of the plan (each once; a failure is recorded, not thrown).</summary>
    public async Task ResolveAsync(RequirementPlan plan, RequirementWheels source, TextWriter progress, CancellationToken cancellationToken)
    {
        foreach (var (requirement, host) in plan.External)
        {
            var key = (requirement.Key, requirement.Version, host.Platform.Name);
            try
            {
                var resolved = await source.GetAsync(requirement, host, cancellationToken);
                lock (_gate) _ready[key] = resolved;
                progress.WriteLine($"build requirement {requirement} for {host.Platform.Name}: {Path.GetFileName(resolved.File)} from {resolved.Origin}");
            }
            catch (Exception e) when (e is BuildRequirementException or Packaging.PackagingException or IOException)
            {
                lock (_gate) _failed[key] = e.Message;
                progress.WriteLine($"build requirement {requirement}: not available: {e.Message}");
            }
        }
    }

    /// <summary>Records a catalogue wheel built (or failed) in a requirement phase.</summary>
    public void Built(WheelPair pair, string? wheelFile, string? sha256, string? error)
    {
        var key = (BuildRequirement.Normalise(pair.Wheel.Name), pair.Wheel.Version, pair.Platform.Name);
        lock (_gate)
        {
            if (wheelFile is not null && sha256 is not null)
                _ready[key] = new ResolvedRequirement(new BuildRequirement(pair.Wheel.Name, pair.Wheel.Version), wheelFile, sha256,
                    $"the catalogue ({pair.Wheel.DeclaredAt}), built for {pair.Platform.Name}");
            else
                _failed[key] = $"{pair.Wheel.Id} is built first, for {pair.Platform.Name}, as a build requirement, and that failed: {error}";
        }
    }

    /// <summary>The wheels <paramref name="pair"/> builds with; throws naming the first that is missing.</summary>
    public IReadOnlyList<ResolvedRequirement> For(WheelPair pair, RequirementPlan plan)
    {
        if (pair.Wheel.BuildRequires.Count == 0) return [];
        if (plan.HostErrors.TryGetValue(pair, out var hostError)) throw new BuildRequirementException(hostError);
        var host = plan.Hosts.TryGetValue(pair, out var known) ? known
            : throw new BuildRequirementException($"the build requirements of {pair} were not planned.");
        var universal = platforms.All.FirstOrDefault(p => p.Kind == PlatformKind.Universal)?.Name;
        var resolved = new List<ResolvedRequirement>();
        foreach (var requirement in pair.Wheel.BuildRequires)
        {
            var hostName = wheels.SpecFor(requirement) is { PurePython: true } && universal is not null ? universal : host.Platform.Name;
            var key = (requirement.Key, requirement.Version, hostName);
            lock (_gate)
            {
                if (_failed.TryGetValue(key, out var error)) throw new BuildRequirementException(error);
                resolved.Add(_ready.TryGetValue(key, out var ready) ? ready
                    : throw new BuildRequirementException($"build requirement {requirement} of {pair.Wheel.Id} was not prepared for {hostName}."));
            }
        }
        return resolved;
    }
}
