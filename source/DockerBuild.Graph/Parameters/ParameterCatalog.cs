using System.Reflection;

namespace DockerBuild.Graph.Parameters;

/// <summary>Every parameter a build accepts: its own <see cref="ParameterAttribute"/> members, then the built-ins.</summary>
internal sealed class ParameterCatalog
{
    public static readonly ParameterDescriptor Continue = ParameterDescriptor.BuiltIn("Continue", typeof(bool),
        "Continue the previous attempt of this same invocation: targets that succeeded then are skipped.");
    public static readonly ParameterDescriptor Help = ParameterDescriptor.BuiltIn("Help", typeof(bool),
        "Show this help text.");
    public static readonly ParameterDescriptor Plan = ParameterDescriptor.BuiltIn("Plan", typeof(bool),
        "Write the execution plan as an HTML page (.nuke/temp/execution-plan.html) and open it in a browser when one is available.");
    public static readonly ParameterDescriptor Profile = ParameterDescriptor.BuiltIn("Profile", typeof(string[]),
        "Profiles to load: .nuke/parameters.<profile>.json for each (later ones win).");
    public static readonly ParameterDescriptor Root = ParameterDescriptor.BuiltIn("Root", typeof(string),
        "Root directory of the build (default: the nearest directory upwards holding .nuke/).");
    public static readonly ParameterDescriptor Skip = ParameterDescriptor.BuiltIn("Skip", typeof(string[]),
        "Targets to skip; with no names, every target that was not invoked is skipped.", takesTargets: true);
    public static readonly ParameterDescriptor Target = ParameterDescriptor.BuiltIn("Target", typeof(string[]),
        "Targets to run (the same as naming them first on the command line).", takesTargets: true);
    public static readonly ParameterDescriptor Verbosity = ParameterDescriptor.BuiltIn("Verbosity", typeof(Verbosity),
        "How much to print.", commandLineOnly: false);

    private static readonly ParameterDescriptor[] BuiltIns = [Continue, Help, Plan, Profile, Root, Skip, Target, Verbosity];

    private ParameterCatalog(IReadOnlyList<ParameterDescriptor> custom) => Custom = custom;

    /// <summary>The build's own parameters, in declaration order.</summary>
    public IReadOnlyList<ParameterDescriptor> Custom { get; }

    public IReadOnlyList<ParameterDescriptor> BuiltIn => BuiltIns;

    public IEnumerable<ParameterDescriptor> All => Custom.Concat(BuiltIns);

    public static ParameterCatalog For(Type buildType)
    {
        var hierarchy = new List<Type>();
        for (var type = buildType; type != null && type != typeof(object); type = type.BaseType)
            hierarchy.Insert(0, type);
        const BindingFlags flags = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;
        var custom = hierarchy
            .SelectMany(type => type.GetMembers(flags)
                .Where(m => m is FieldInfo or PropertyInfo)
                .Select(m => (Member: m, Attribute: m.GetCustomAttribute<ParameterAttribute>()))
                .Where(m => m.Attribute != null)
                .OrderBy(m => m.Member.MetadataToken))
            .Select(m => ParameterDescriptor.ForMember(m.Member, m.Attribute!))
            .ToList();

        var clash = custom.Concat(BuiltIns)
            .GroupBy(p => NameConventions.Normalize(p.Name))
            .FirstOrDefault(g => g.Count() > 1);
        if (clash != null)
            throw new BuildInvocationException(
                $"Two parameters share the option {clash.First().OptionName}: {string.Join(", ", clash.Select(p => p.Member?.Name ?? "(built-in)"))}. Rename one or set [Parameter(Name = ...)].");
        return new ParameterCatalog(custom);
    }

    public ParameterDescriptor? Find(string name) =>
        All.FirstOrDefault(p => NameConventions.Normalize(p.Name) == NameConventions.Normalize(name));
}
