using System.Text;
using DockerBuild.Graph.Definition;
using DockerBuild.Graph.Parameters;

namespace DockerBuild.Graph.Help;

/// <summary>
/// The <c>--help</c> text: listed targets with the default marked, their direct dependencies and description;
/// then the build's parameters and the built-ins, with defaults (never of secrets) and allowed values.
/// </summary>
internal static class HelpText
{
    public static string Render(TargetGraph graph, ParameterCatalog catalog, GraphBuild freshBuild)
    {
        var text = new StringBuilder();
        text.AppendLine("Targets (with their direct dependencies):");
        text.AppendLine();
        var targets = graph.ListedTargets.ToList();
        var nameWidth = targets.Select(Label).Select(l => l.Length).DefaultIfEmpty(0).Max() + 2;
        foreach (var target in targets)
        {
            var dependencies = target.DependsOn.Count > 0 ? "-> " + string.Join(", ", target.DependsOn.Select(d => d.Name)) : "";
            text.AppendLine(("  " + Label(target).PadRight(nameWidth) + dependencies).TrimEnd());
            if (target.Description.Length > 0)
                text.AppendLine("  " + new string(' ', nameWidth) + target.Description);
        }

        text.AppendLine();
        text.AppendLine("Parameters:");
        text.AppendLine();
        var optionWidth = catalog.All.Select(Usage).Max(u => u.Length) + 2;
        foreach (var parameter in catalog.Custom)
            AppendParameter(text, parameter, optionWidth, DefaultValueText.For(parameter, freshBuild), graph);
        if (catalog.Custom.Count > 0)
            text.AppendLine();
        foreach (var parameter in catalog.BuiltIn)
            AppendParameter(text, parameter, optionWidth, BuiltInDefault(parameter, graph), graph);
        return text.ToString();
    }

    private static string Label(ExecutableTarget target) => target.IsDefault ? $"{target.Name} (default)" : target.Name;

    private static string Usage(ParameterDescriptor parameter)
    {
        var placeholder = ValueTypes.Placeholder(parameter.ValueType);
        var option = parameter == ParameterCatalog.Help ? "--help, -h" : parameter.OptionName;
        return placeholder.Length > 0 ? $"{option} {placeholder}" : option;
    }

    private static void AppendParameter(StringBuilder text, ParameterDescriptor parameter, int width, string? defaultValue, TargetGraph graph)
    {
        var details = new List<string>();
        if (parameter.Description.Length > 0)
            details.Add(parameter.Description.TrimEnd('.') + ".");
        if (ValueTypes.AllowedValues(parameter.ValueType) is { } allowed)
            details.Add($"Allowed: {string.Join(", ", allowed)}.");
        if (parameter.TakesTargets)
            details.Add($"Targets: {string.Join(", ", graph.ListedTargets.Select(t => t.Name))}.");
        if (defaultValue != null)
            details.Add($"Default: {defaultValue}.");
        if (parameter.IsSecret)
            details.Add("Secret: never printed.");
        text.AppendLine(("  " + Usage(parameter).PadRight(width) + string.Join(" ", details)).TrimEnd());
    }

    private static string? BuiltInDefault(ParameterDescriptor parameter, TargetGraph graph)
    {
        if (parameter == ParameterCatalog.Verbosity)
            return "normal";
        if (parameter == ParameterCatalog.Target)
            return graph.Targets.Where(t => t.IsDefault).Select(t => t.Name).ToList() is { Count: > 0 } defaults
                ? string.Join(" ", defaults)
                : null;
        return null;
    }
}
