using System.Reflection;

namespace DockerBuild.Graph.Parameters;

/// <summary>
/// One parameter: a <see cref="ParameterAttribute"/> member of the build, or one of the engine's built-ins
/// (<c>--root</c>, <c>--verbosity</c>, …), with its spellings and how its value is read and written.
/// </summary>
internal sealed class ParameterDescriptor
{
    private ParameterDescriptor(string name, string description, Type valueType, bool isSecret, MemberInfo? member)
    {
        Name = name;
        Description = description;
        ValueType = valueType;
        IsSecret = isSecret;
        Member = member;
        ValueTypes.EnsureSupported(this);
    }

    /// <summary>PascalCase name: the JSON key in parameters files.</summary>
    public string Name { get; }
    public string Description { get; }
    public Type ValueType { get; }
    public bool IsSecret { get; }
    public MemberInfo? Member { get; }
    public bool IsBuiltIn => Member == null;

    /// <summary>Values are target names (<c>--skip</c>, <c>--target</c>).</summary>
    public bool TakesTargets { get; private init; }

    /// <summary>Read only from the command line (a file or variable could not sensibly set it).</summary>
    public bool CommandLineOnly { get; private init; }

    public string OptionName => "--" + NameConventions.Kebab(Name);
    public string EnvironmentName => NameConventions.UpperSnake(Name);

    public static ParameterDescriptor ForMember(MemberInfo member, ParameterAttribute attribute)
    {
        var type = member switch
        {
            FieldInfo field => field.FieldType,
            PropertyInfo property => property.PropertyType,
            _ => throw new ArgumentException($"Unsupported member {member}"),
        };
        return new ParameterDescriptor(attribute.Name ?? member.Name, attribute.Description, type,
            member.GetCustomAttribute<SecretAttribute>() != null, member);
    }

    public static ParameterDescriptor BuiltIn(string name, Type type, string description,
        bool takesTargets = false, bool commandLineOnly = true) =>
        new(name, description, type, isSecret: false, member: null) { TakesTargets = takesTargets, CommandLineOnly = commandLineOnly };

    public object? GetValue(GraphBuild build) => Member switch
    {
        FieldInfo field => field.GetValue(build),
        PropertyInfo property => property.GetValue(build),
        _ => throw new InvalidOperationException($"Built-in parameter {Name} has no member to read."),
    };

    public void SetValue(GraphBuild build, object? value)
    {
        switch (Member)
        {
            case FieldInfo field:
                field.SetValue(build, value);
                break;
            case PropertyInfo { CanWrite: true } property:
                property.SetValue(build, value);
                break;
            case PropertyInfo property:
                // A get-only auto-property keeps its value in a compiler-generated backing field.
                var backing = property.DeclaringType!.GetField($"<{property.Name}>k__BackingField",
                    BindingFlags.Instance | BindingFlags.NonPublic)
                    ?? throw new BuildInvocationException(
                        $"Parameter property '{property.Name}' has no setter and no backing field; give it a setter.");
                backing.SetValue(build, value);
                break;
            default:
                throw new InvalidOperationException($"Built-in parameter {Name} has no member to write.");
        }
    }
}
