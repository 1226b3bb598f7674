namespace DockerBuild.Graph;

/// <summary>How much the build prints (<c>--verbosity</c>).</summary>
public enum Verbosity
{
    /// <summary>Errors only.</summary>
    Quiet,
    /// <summary>Warnings and errors.</summary>
    Minimal,
    /// <summary>Information, warnings and errors.</summary>
    Normal,
    /// <summary>Everything, including debug messages and stack traces.</summary>
    Verbose,
}
