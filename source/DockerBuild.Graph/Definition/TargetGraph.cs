using System.Reflection;

namespace DockerBuild.Graph.Definition;

/// <summary>
/// Every <see cref="Target"/> property of a build, evaluated once, with references between targets resolved and the
/// reverse declarations (DependentFor, Before, TriggeredBy) folded into the targets they name.
/// </summary>
internal sealed class TargetGraph
{
    private readonly List<ExecutableTarget> _targets;

    private TargetGraph(List<ExecutableTarget> targets) => _targets = targets;

    /// <summary>All targets in declaration order (base class first).</summary>
    public IReadOnlyList<ExecutableTarget> Targets => _targets;

    public IEnumerable<ExecutableTarget> ListedTargets => _targets.Where(t => t.Listed);

    public static TargetGraph Create(GraphBuild build)
    {
        var properties = TargetProperties(build.GetType());
        var factories = new List<(Target Factory, ExecutableTarget Target)>();
        foreach (var property in properties)
        {
            var factory = (Target?)property.GetValue(build)
                ?? throw new BuildInvocationException($"Target property '{property.Name}' returned null.");
            var definition = new TargetDefinition();
            try
            {
                factory(definition);
            }
            catch (Exception e)
            {
                throw new BuildInvocationException($"Declaring target '{property.Name}' failed: {e.Message}");
            }
            factories.Add((factory, new ExecutableTarget(property.Name, factories.Count, definition)));
        }

        var graph = new TargetGraph(factories.Select(f => f.Target).ToList());
        foreach (var (_, target) in factories)
        {
            var d = target.Definition;
            AddAll(target.DependsOnList, Resolve(factories, target, d.DependsOnTargets));
            AddAll(target.RunsAfterList, Resolve(factories, target, d.AfterTargets));
            AddAll(target.TriggersList, Resolve(factories, target, d.TriggersTargets));
            foreach (var dependent in Resolve(factories, target, d.DependentForTargets))
                AddAll(dependent.DependsOnList, [target]);
            foreach (var later in Resolve(factories, target, d.BeforeTargets))
                AddAll(later.RunsAfterList, [target]);
            foreach (var trigger in Resolve(factories, target, d.TriggeredByTargets))
                AddAll(trigger.TriggersList, [target]);
        }
        return graph;
    }

    public ExecutableTarget? Find(string name) =>
        _targets.FirstOrDefault(t => TargetName.Matches(name, t.Name));

    /// <summary>The target with that name, or an error listing the listed targets.</summary>
    public ExecutableTarget Get(string name) =>
        Find(name) ?? throw new BuildInvocationException(
            $"Unknown target '{name}'. Available targets: {string.Join(", ", ListedTargets.Select(t => t.Name))}.");

    private static List<PropertyInfo> TargetProperties(Type buildType)
    {
        var hierarchy = new List<Type>();
        for (var type = buildType; type != null && type != typeof(GraphBuild); type = type.BaseType)
            hierarchy.Insert(0, type);
        const BindingFlags flags = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;
        return hierarchy
            .SelectMany(type => type.GetProperties(flags)
                .Where(p => p.PropertyType == typeof(Target) && p.GetIndexParameters().Length == 0)
                .OrderBy(p => p.MetadataToken))
            .ToList();
    }

    // Target properties return a new delegate per call, but delegates over the same method and instance compare equal.
    private static IEnumerable<ExecutableTarget> Resolve(
        List<(Target Factory, ExecutableTarget Target)> factories, ExecutableTarget owner, List<Target> references)
    {
        foreach (var reference in references)
        {
            var match = factories.FirstOrDefault(f => f.Factory.Equals(reference)).Target
                ?? factories.FirstOrDefault(f => f.Factory.Method == reference.Method).Target
                ?? throw new BuildInvocationException(
                    $"Target '{owner.Name}' refers to a target that is not a Target property of the build ({reference.Method.Name}).");
            yield return match;
        }
    }

    private static void AddAll(List<ExecutableTarget> list, IEnumerable<ExecutableTarget> items)
    {
        foreach (var item in items)
            if (!list.Contains(item))
                list.Add(item);
    }
}
