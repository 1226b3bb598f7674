using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace DockerBuild.Specs;

/// <summary>
/// Collects the problems of one file so a user sees all of them at once rather than one per run.
/// </summary>
public sealed class SpecErrorList(string displayPath)
{
    private readonly List<SpecError> _errors = [];

    /// <summary>The file as the user knows it (relative to the repository), used in every message.</summary>
    public string DisplayPath { get; } = displayPath;

    public IReadOnlyList<SpecError> Errors => _errors;

    public bool Any => _errors.Count > 0;

    public void Add(Mark at, string field, string problem) =>
        _errors.Add(new SpecError(DisplayPath, (int)Math.Max(1, at.Line), (int)Math.Max(1, at.Column), field, problem));

    public void Add(YamlNode at, string field, string problem) => Add(at.Start, field, problem);

    /// <summary>Throws a <see cref="SpecException"/> with everything collected, ordered by position.</summary>
    public void ThrowIfAny()
    {
        if (Any)
            throw new SpecException(Sorted(_errors));
    }

    /// <summary>Errors ordered by file, then line, then column, keeping insertion order for ties.</summary>
    public static IReadOnlyList<SpecError> Sorted(IEnumerable<SpecError> errors) =>
        errors.Select((e, i) => (e, i))
            .OrderBy(x => x.e.File, StringComparer.Ordinal)
            .ThenBy(x => x.e.Line).ThenBy(x => x.e.Column).ThenBy(x => x.i)
            .Select(x => x.e).ToList();
}
