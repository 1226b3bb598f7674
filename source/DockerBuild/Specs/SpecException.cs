namespace DockerBuild.Specs;

/// <summary>
/// Thrown when platform or wheel data is invalid. Carries every problem found (one file may have several);
/// <see cref="File"/>, <see cref="Line"/>, <see cref="Column"/> and <see cref="Field"/> describe the first.
/// </summary>
public sealed class SpecException : Exception
{
    public SpecException(IReadOnlyList<SpecError> errors)
        : base(Describe(errors))
    {
        if (errors.Count == 0)
            throw new ArgumentException("A SpecException needs at least one error.", nameof(errors));
        Errors = errors;
    }

    public SpecException(SpecError error) : this([error]) { }

    /// <summary>All problems, in file order then position order.</summary>
    public IReadOnlyList<SpecError> Errors { get; }

    public string File => Errors[0].File;
    public int Line => Errors[0].Line;
    public int Column => Errors[0].Column;
    public string Field => Errors[0].Field;

    private static string Describe(IReadOnlyList<SpecError> errors) => errors.Count switch
    {
        0 => "Invalid specification.",
        1 => errors[0].ToString(),
        _ => $"{errors.Count} problems in the specification data:{Environment.NewLine}"
             + string.Join(Environment.NewLine, errors.Select(e => "  " + e)),
    };
}
