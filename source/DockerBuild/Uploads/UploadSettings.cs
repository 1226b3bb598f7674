using DockerBuild.Builds.Outputs;

namespace DockerBuild.Uploads;

/// <summary>How an upload runs: for real or as a dry run, where package files are built, where messages go.</summary>
public sealed record UploadSettings
{
    /// <summary>Register in the store; false is a dry run that prints what it would register and changes nothing.</summary>
    public bool Upload { get; init; }
    /// <summary>Scratch directory for package files (e.g. <c>&lt;state-dir&gt;/temp/upload</c>); emptied of this run's files afterwards.</summary>
    public required string TemporaryDirectory { get; init; }
    public TextWriter Log { get; init; } = TextWriter.Null;
}

/// <summary>What happened to one wheel.</summary>
public enum UploadAction
{
    /// <summary>Dry run: it would be registered.</summary>
    WouldRegister,
    /// <summary>Registered and tagged.</summary>
    Registered,
    /// <summary>The identical instance already carries the version tag: nothing to do.</summary>
    AlreadyPresent,
}

/// <summary>One wheel's package, instance and what the run did with it.</summary>
public sealed record UploadEntry(BuiltWheel Wheel, string Package, string InstanceId, IReadOnlyList<string> Tags, UploadAction Action);

/// <summary>A ref the run pointed (or, in a dry run, would point) at an instance.</summary>
public sealed record RefMove(string Package, string Ref, string Version, string InstanceId);

/// <summary>Everything an upload did or, in a dry run, would do.</summary>
public sealed record UploadReport(IReadOnlyList<UploadEntry> Entries, IReadOnlyList<RefMove> Refs, bool DryRun);
