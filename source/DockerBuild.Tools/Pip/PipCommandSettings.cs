namespace DockerBuild.Tools.Pip;

/// <summary>
/// One pip command as typed settings. <see cref="Arguments"/> gives the argument list after <c>python -m pip</c>
/// (never a shell string); options not set are left out so pip's own defaults and configuration apply.
/// </summary>
public abstract record PipCommandSettings
{
    /// <summary>Package index URL (<c>--index-url</c>). It appears in logs; pass credentials through PIP_INDEX_URL in the environment instead.</summary>
    public string? IndexUrl { get; init; }
    /// <summary><c>--no-index</c>: only <see cref="FindLinks"/> are used.</summary>
    public bool NoIndex { get; init; }
    /// <summary><c>--find-links</c> directories or URLs, in order.</summary>
    public IReadOnlyList<string> FindLinks { get; init; } = [];
    /// <summary><c>--no-deps</c>.</summary>
    public bool NoDependencies { get; init; }
    /// <summary>Anything pip accepts that these settings do not model, appended before the requirements.</summary>
    public IReadOnlyList<string> ExtraArguments { get; init; } = [];

    public abstract IReadOnlyList<string> Arguments();

    protected void AddCommon(List<string> arguments)
    {
        if (NoIndex) arguments.Add("--no-index");
        if (IndexUrl is not null) arguments.AddRange(["--index-url", IndexUrl]);
        foreach (var link in FindLinks) arguments.AddRange(["--find-links", link]);
        if (NoDependencies) arguments.Add("--no-deps");
    }

    protected static IReadOnlyList<string> Required(IReadOnlyList<string> requirements, string command)
        => requirements.Count > 0 ? requirements
            : throw new ArgumentException($"pip {command} needs at least one requirement (a name, a path or a file)");
}

/// <summary><c>pip wheel</c>: build wheels for requirements or source directories into <see cref="WheelDirectory"/>.</summary>
public sealed record PipWheelSettings : PipCommandSettings
{
    public required IReadOnlyList<string> Requirements { get; init; }
    /// <summary><c>-w</c>: where the wheels go.</summary>
    public required string WheelDirectory { get; init; }
    /// <summary><c>--no-build-isolation</c>: build with the installed setuptools/wheel instead of fetching them.</summary>
    public bool NoBuildIsolation { get; init; }
    /// <summary><c>--config-settings key=value</c> passed to the build backend, in key order.</summary>
    public IReadOnlyDictionary<string, string> ConfigSettings { get; init; } = new Dictionary<string, string>();

    public override IReadOnlyList<string> Arguments()
    {
        var arguments = new List<string> { "wheel" };
        AddCommon(arguments);
        if (NoBuildIsolation) arguments.Add("--no-build-isolation");
        arguments.AddRange(["-w", WheelDirectory]);
        foreach (var (key, value) in ConfigSettings.OrderBy(c => c.Key, StringComparer.Ordinal))
            arguments.AddRange(["--config-settings", $"{key}={value}"]);
        arguments.AddRange(ExtraArguments);
        arguments.AddRange(Required(Requirements, "wheel"));
        return arguments;
    }
}

/// <summary><c>pip download</c>: fetch published files, typically binary wheels for another platform.</summary>
public sealed record PipDownloadSettings : PipCommandSettings
{
    public required IReadOnlyList<string> Requirements { get; init; }
    /// <summary><c>-d</c>: where the files go.</summary>
    public required string Destination { get; init; }
    /// <summary><c>--only-binary=:all:</c> (required by pip when a foreign platform is given).</summary>
    public bool OnlyBinary { get; init; }
    /// <summary><c>--platform</c>, one per tag, most preferred first.</summary>
    public IReadOnlyList<string> Platforms { get; init; } = [];
    /// <summary><c>--python-version</c>, e.g. <c>3.11</c> or <c>311</c>.</summary>
    public string? PythonVersion { get; init; }
    /// <summary><c>--implementation</c>, e.g. <c>cp</c>.</summary>
    public string? Implementation { get; init; }
    /// <summary><c>--abi</c>, one per tag.</summary>
    public IReadOnlyList<string> Abis { get; init; } = [];

    public override IReadOnlyList<string> Arguments()
    {
        var foreign = Platforms.Count > 0 || PythonVersion is not null || Implementation is not null || Abis.Count > 0;
        if (foreign && !OnlyBinary && !NoDependencies)
            throw new ArgumentException("pip download with --platform/--python-version/--implementation/--abi needs OnlyBinary (--only-binary=:all:) or NoDependencies (--no-deps)");
        var arguments = new List<string> { "download" };
        AddCommon(arguments);
        if (OnlyBinary) arguments.Add("--only-binary=:all:");
        foreach (var platform in Platforms) arguments.AddRange(["--platform", platform]);
        if (PythonVersion is not null) arguments.AddRange(["--python-version", PythonVersion]);
        if (Implementation is not null) arguments.AddRange(["--implementation", Implementation]);
        foreach (var abi in Abis) arguments.AddRange(["--abi", abi]);
        arguments.AddRange(["-d", Destination]);
        arguments.AddRange(ExtraArguments);
        arguments.AddRange(Required(Requirements, "download"));
        return arguments;
    }
}

/// <summary><c>pip install</c> into a target directory or prefix (never into the running interpreter by accident).</summary>
public sealed record PipInstallSettings : PipCommandSettings
{
    public required IReadOnlyList<string> Requirements { get; init; }
    /// <summary><c>--target</c>: a plain directory to put on sys.path.</summary>
    public string? Target { get; init; }
    /// <summary><c>--prefix</c>: an installation prefix (bin/, lib/pythonX.Y/site-packages).</summary>
    public string? Prefix { get; init; }

    public override IReadOnlyList<string> Arguments()
    {
        if ((Target is null) == (Prefix is null))
            throw new ArgumentException("pip install needs exactly one of Target (--target) or Prefix (--prefix)");
        var arguments = new List<string> { "install" };
        AddCommon(arguments);
        if (Target is not null) arguments.AddRange(["--target", Target]);
        if (Prefix is not null) arguments.AddRange(["--prefix", Prefix]);
        arguments.AddRange(ExtraArguments);
        arguments.AddRange(Required(Requirements, "install"));
        return arguments;
    }
}
