using DockerBuild.Platforms;
using DockerBuild.Wheels;

namespace DockerBuild.BuildRequirements;

/// <summary>
/// What the selected pairs' build requirements ask for before any of them builds: the catalogue's own specs they name,
/// as pairs built first for the build machine (pure ones for the universal platform, others for the build host's
/// platform of the same Python), in phases so a tool's own tools come first; and the pinned requirements that come
/// from the store or an index, once per build host.
/// </summary>
public sealed class RequirementPlan
{
    private RequirementPlan(IReadOnlyList<IReadOnlyList<WheelPair>> phases, IReadOnlyList<(BuildRequirement Requirement, RequirementHost Host)> external,
        IReadOnlyDictionary<WheelPair, RequirementHost> hosts, IReadOnlyDictionary<WheelPair, string> hostErrors)
    {
        Phases = phases;
        External = external;
        Hosts = hosts;
        HostErrors = hostErrors;
    }

    /// <summary>The build host of every pair that has build requirements.</summary>
    public IReadOnlyDictionary<WheelPair, RequirementHost> Hosts { get; }

    /// <summary>Catalogue pairs to build before the others; each phase only needs the phases before it.</summary>
    public IReadOnlyList<IReadOnlyList<WheelPair>> Phases { get; }

    /// <summary>Requirements the catalogue does not build, each with the build host it must fit.</summary>
    public IReadOnlyList<(BuildRequirement Requirement, RequirementHost Host)> External { get; }

    /// <summary>Pairs whose build requirements have no build host (no build-architecture platform of their Python).</summary>
    public IReadOnlyDictionary<WheelPair, string> HostErrors { get; }

    /// <param name="pureBuilder">The Linux platform pure wheels are built in (BuildWheel's); their requirements must fit its interpreter.</param>
    public static RequirementPlan For(IEnumerable<WheelPair> pairs, WheelCatalog wheels, PlatformCatalog platforms, PlatformSpec? pureBuilder)
    {
        var depth = new Dictionary<WheelPair, int>();
        var external = new List<(BuildRequirement, RequirementHost)>();
        var hostErrors = new Dictionary<WheelPair, string>();
        var hosts = new Dictionary<WheelPair, RequirementHost>();
        var universal = platforms.All.FirstOrDefault(p => p.Kind == PlatformKind.Universal);

        void Visit(WheelPair pair, int level)
        {
            if (pair.UsesPublishedWheel || pair.Wheel.BuildRequires.Count == 0) return;
            RequirementHost host;
            try
            {
                host = RequirementHost.For(pair.Platform.Kind == PlatformKind.Linux ? pair.Platform : pureBuilder ?? pair.Platform, platforms.All);
            }
            catch (BuildRequirementException e)
            {
                hostErrors[pair] = e.Message;
                return;
            }
            hosts[pair] = host;
            foreach (var requirement in pair.Wheel.BuildRequires)
            {
                if (wheels.SpecFor(requirement) is { } spec)
                {
                    var platform = spec.PurePython ? universal : host.Platform;
                    if (platform is null) continue;
                    var needed = new WheelPair(spec, platform, false);
                    if (!depth.TryGetValue(needed, out var known) || known < level + 1)
                    {
                        depth[needed] = level + 1;
                        Visit(needed, level + 1);
                    }
                }
                else if (!external.Any(e => e.Item1 == requirement && e.Item2 == host))
                    external.Add((requirement, host));
            }
        }

        foreach (var pair in pairs) Visit(pair, 0);
        var phases = depth.GroupBy(d => d.Value).OrderByDescending(g => g.Key)
            .Select(g => (IReadOnlyList<WheelPair>)g.Select(d => d.Key).ToList()).ToList();
        return new RequirementPlan(phases, external, hosts, hostErrors);
    }
}
