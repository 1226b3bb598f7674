using System.Collections;
using System.Linq.Expressions;
using System.Text.RegularExpressions;
using DockerBuild.Graph.Parameters;

namespace DockerBuild.Graph.Execution;

/// <summary>
/// Checks every <c>Requires</c> of the targets about to run, before the first one starts, so a missing parameter
/// fails the build at once rather than halfway through.
/// </summary>
internal static partial class RequirementChecker
{
    public static void Check(IEnumerable<ExecutableTarget> targets, ParameterCatalog catalog)
    {
        var problems = new List<string>();
        foreach (var target in targets.Where(t => t.Status == ExecutionStatus.Scheduled))
        {
            foreach (var required in target.Definition.RequiredValues)
            {
                if (!IsMissing(required.Compile()()))
                    continue;
                var member = MemberOf(required.Body);
                var parameter = member == null ? null : catalog.Custom.FirstOrDefault(p => p.Member == member || p.Member?.Name == member.Name);
                problems.Add(parameter != null
                    ? $"Target '{target.Name}' requires {parameter.OptionName}: set it on the command line ({parameter.OptionName} {ValueTypes.Placeholder(parameter.ValueType)}), " +
                      $"as environment variable {parameter.EnvironmentName}, or in .nuke/parameters.json as \"{parameter.Name}\"."
                    : $"Target '{target.Name}' requires {Describe(required.Body)} to have a value.");
            }
            foreach (var condition in target.Definition.RequiredConditions)
                if (!condition.Compile()())
                    problems.Add($"Target '{target.Name}' requires {Describe(condition.Body)}.");
        }
        if (problems.Count > 0)
            throw new BuildInvocationException(string.Join(Environment.NewLine, problems));
    }

    private static bool IsMissing(object? value) => value switch
    {
        null => true,
        string s => string.IsNullOrWhiteSpace(s),
        ICollection collection => collection.Count == 0,
        _ => false,
    };

    private static System.Reflection.MemberInfo? MemberOf(Expression body) => body switch
    {
        UnaryExpression { NodeType: ExpressionType.Convert or ExpressionType.ConvertChecked } convert => MemberOf(convert.Operand),
        MemberExpression member => member.Member,
        _ => null,
    };

    // "value(Build).Jobs > 0" reads better as "Jobs > 0".
    private static string Describe(Expression body) => CapturedValue().Replace(body.ToString(), "");

    [GeneratedRegex(@"value\([^)]*\)\.")]
    private static partial Regex CapturedValue();
}
