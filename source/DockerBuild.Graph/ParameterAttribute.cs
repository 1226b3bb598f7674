namespace DockerBuild.Graph;

/// <summary>
/// Marks a field or property whose value is injected from the command line (<c>--kebab-name</c>), the environment
/// (<c>UPPER_SNAKE_NAME</c>), <c>.nuke/parameters.&lt;profile&gt;.json</c> or <c>.nuke/parameters.json</c>, in that precedence.
/// </summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property)]
public sealed class ParameterAttribute(string description = "") : Attribute
{
    public string Description { get; } = description;

    /// <summary>Overrides the member name as the parameter's name (PascalCase; the option is its kebab form).</summary>
    public string? Name { get; set; }
}

/// <summary>Marks a parameter whose value must never be printed: masked in all output, absent from help and schema defaults.</summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property)]
public sealed class SecretAttribute : Attribute;
