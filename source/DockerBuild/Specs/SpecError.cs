namespace DockerBuild.Specs;

/// <summary>
/// One problem in a platform or wheel YAML file, positioned so an editor can jump to it.
/// </summary>
/// <param name="File">Path as the user knows it, e.g. <c>platforms/linux-arm64-py3.11.yaml</c>.</param>
/// <param name="Line">1-based line.</param>
/// <param name="Column">1-based column.</param>
/// <param name="Field">Dotted field path (<c>base.debian.suite</c>); empty for problems of the file as a whole.</param>
/// <param name="Problem">What is wrong and what would be valid.</param>
public sealed record SpecError(string File, int Line, int Column, string Field, string Problem)
{
    public override string ToString() => Field.Length == 0
        ? $"{File}:{Line}:{Column}: {Problem}"
        : $"{File}:{Line}:{Column}: field '{Field}': {Problem}";
}
