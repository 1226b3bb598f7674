using System.Linq.Expressions;

namespace DockerBuild.Graph.Definition;

/// <summary>Reads target names out of <c>x =&gt; x.BuildWheel</c> expressions.</summary>
internal static class DefaultTargets
{
    public static IReadOnlyList<string> Names<T>(IEnumerable<Expression<Func<T, Target>>> expressions) =>
        expressions.Select(e => e.Body is MemberExpression member
                ? member.Member.Name
                : throw new ArgumentException($"A default target must be a target property, like x => x.Compile; got {e}."))
            .ToList();
}
