namespace DockerBuild.Tools.Cipd.Cli;

/// <summary>
/// One <c>cipd</c> subcommand with its typed options. <see cref="Arguments"/> gives the argument list (flags first,
/// positional arguments last, as Go's flag parser requires); <c>-json-output</c> and <c>-service-url</c> are added
/// by <see cref="CipdCli"/>.
/// </summary>
public abstract record CipdCliSettings
{
    public abstract string Command { get; }

    /// <summary>Whether the subcommand talks to the service (and so takes <c>-service-url</c>).</summary>
    public virtual bool UsesService => true;

    /// <summary>The arguments after the subcommand name; <paramref name="extraFlags"/> go before the positional ones.</summary>
    public IReadOnlyList<string> Arguments(IEnumerable<string>? extraFlags = null)
    {
        var flags = new List<string>();
        AddFlags(flags);
        return [.. flags, .. extraFlags ?? [], .. Positional()];
    }

    protected abstract void AddFlags(List<string> flags);

    protected virtual IEnumerable<string> Positional() => [];

    protected static void Add(List<string> flags, string name, string? value)
    {
        if (value is null) return;
        flags.Add("-" + name);
        flags.Add(value);
    }

    protected static void AddEach(List<string> flags, string name, IEnumerable<string> values)
    {
        foreach (var value in values) Add(flags, name, value);
    }
}

/// <summary>Where a package's files come from: a <c>-pkg-def</c> YAML file or an <c>-in</c> directory with <c>-name</c>.</summary>
public sealed record CipdPackageSource
{
    public string? PackageDefinitionFile { get; init; }
    public string? InputDirectory { get; init; }
    public string? PackageName { get; init; }
    public string? InstallMode { get; init; }
    public int? CompressionLevel { get; init; }
    /// <summary><c>-pkg-var key:value</c> values for <c>${key}</c> in the definition.</summary>
    public IReadOnlyDictionary<string, string> Variables { get; init; } = new Dictionary<string, string>();

    internal void AddFlags(List<string> flags)
    {
        if ((PackageDefinitionFile is null) == (InputDirectory is null))
            throw new CipdValidationException("give exactly one of a package definition file (-pkg-def) or an input directory (-in)");
        if (InputDirectory is not null && PackageName is null)
            throw new CipdValidationException($"an input directory (-in {InputDirectory}) needs a package name (-name)");
        void Add(string name, string? value)
        {
            if (value is null) return;
            flags.Add("-" + name);
            flags.Add(value);
        }
        Add("pkg-def", PackageDefinitionFile);
        foreach (var (key, value) in Variables.OrderBy(v => v.Key, StringComparer.Ordinal)) Add("pkg-var", $"{key}:{value}");
        Add("in", InputDirectory);
        Add("name", PackageName);
        Add("install-mode", InstallMode);
        Add("compression-level", CompressionLevel?.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}

/// <summary><c>cipd create</c>: build and upload in one step.</summary>
public sealed record CipdCreateSettings(CipdPackageSource Source) : CipdCliSettings
{
    public override string Command => "create";
    public IReadOnlyList<string> Tags { get; init; } = [];
    public IReadOnlyList<string> Refs { get; init; } = [];

    protected override void AddFlags(List<string> flags)
    {
        Source.AddFlags(flags);
        AddEach(flags, "tag", Tags.Select(CipdNames.RequireTag));
        AddEach(flags, "ref", Refs.Select(CipdNames.RequireRef));
    }
}

/// <summary><c>cipd pkg-build</c>: build a package file locally.</summary>
public sealed record CipdPkgBuildSettings(CipdPackageSource Source, string OutputFile) : CipdCliSettings
{
    public override string Command => "pkg-build";
    public override bool UsesService => false;

    protected override void AddFlags(List<string> flags)
    {
        Source.AddFlags(flags);
        Add(flags, "out", OutputFile);
    }
}

/// <summary><c>cipd pkg-register</c>: upload a package file.</summary>
public sealed record CipdPkgRegisterSettings(string PackageFile) : CipdCliSettings
{
    public override string Command => "pkg-register";
    public IReadOnlyList<string> Tags { get; init; } = [];
    public IReadOnlyList<string> Refs { get; init; } = [];

    protected override void AddFlags(List<string> flags)
    {
        AddEach(flags, "tag", Tags.Select(CipdNames.RequireTag));
        AddEach(flags, "ref", Refs.Select(CipdNames.RequireRef));
    }

    protected override IEnumerable<string> Positional() => [PackageFile];
}

/// <summary><c>cipd pkg-fetch</c>: download a package file.</summary>
public sealed record CipdPkgFetchSettings(string Package, string Version, string OutputFile) : CipdCliSettings
{
    public override string Command => "pkg-fetch";

    protected override void AddFlags(List<string> flags)
    {
        Add(flags, "version", Version);
        Add(flags, "out", OutputFile);
    }

    protected override IEnumerable<string> Positional() => [CipdNames.RequirePackageName(Package)];
}

/// <summary><c>cipd pkg-deploy</c>: install a local package file into a root.</summary>
public sealed record CipdPkgDeploySettings(string PackageFile, string Root) : CipdCliSettings
{
    public override string Command => "pkg-deploy";
    public override bool UsesService => false;

    protected override void AddFlags(List<string> flags) => Add(flags, "root", Root);

    protected override IEnumerable<string> Positional() => [PackageFile];
}

/// <summary><c>cipd set-ref</c>: point refs at the instance a version resolves to.</summary>
public sealed record CipdSetRefSettings(string Package, string Version, IReadOnlyList<string> Refs) : CipdCliSettings
{
    public override string Command => "set-ref";

    protected override void AddFlags(List<string> flags)
    {
        if (Refs.Count == 0) throw new CipdValidationException($"set-ref {Package}: at least one ref must be given");
        AddEach(flags, "ref", Refs.Select(CipdNames.RequireRef));
        Add(flags, "version", Version);
    }

    protected override IEnumerable<string> Positional() => [CipdNames.RequirePackageName(Package)];
}

/// <summary><c>cipd set-tag</c>: attach tags to the instance a version resolves to.</summary>
public sealed record CipdSetTagSettings(string Package, string Version, IReadOnlyList<string> Tags) : CipdCliSettings
{
    public override string Command => "set-tag";

    protected override void AddFlags(List<string> flags)
    {
        if (Tags.Count == 0) throw new CipdValidationException($"set-tag {Package}: at least one tag must be given");
        AddEach(flags, "tag", Tags.Select(CipdNames.RequireTag));
        Add(flags, "version", Version);
    }

    protected override IEnumerable<string> Positional() => [CipdNames.RequirePackageName(Package)];
}

/// <summary><c>cipd resolve</c>: the instance ID a version names.</summary>
public sealed record CipdResolveSettings(string Package, string Version) : CipdCliSettings
{
    public override string Command => "resolve";
    protected override void AddFlags(List<string> flags) => Add(flags, "version", Version);
    protected override IEnumerable<string> Positional() => [CipdNames.RequirePackageName(Package)];
}

/// <summary><c>cipd search</c>: instances carrying all the given tags.</summary>
public sealed record CipdSearchSettings(string Package, IReadOnlyList<string> Tags) : CipdCliSettings
{
    public override string Command => "search";

    protected override void AddFlags(List<string> flags)
    {
        if (Tags.Count == 0) throw new CipdValidationException($"search {Package}: at least one tag must be given");
        AddEach(flags, "tag", Tags.Select(CipdNames.RequireTag));
    }

    protected override IEnumerable<string> Positional() => [CipdNames.RequirePackageName(Package)];
}

/// <summary><c>cipd describe</c>: registration, tags and refs of an instance.</summary>
public sealed record CipdDescribeSettings(string Package, string Version) : CipdCliSettings
{
    public override string Command => "describe";
    protected override void AddFlags(List<string> flags) => Add(flags, "version", Version);
    protected override IEnumerable<string> Positional() => [CipdNames.RequirePackageName(Package)];
}

/// <summary><c>cipd ensure</c>: install what an ensure file lists into a root.</summary>
public sealed record CipdEnsureSettings(string EnsureFile, string Root) : CipdCliSettings
{
    public override string Command => "ensure";

    protected override void AddFlags(List<string> flags)
    {
        Add(flags, "ensure-file", EnsureFile);
        Add(flags, "root", Root);
    }
}

/// <summary><c>cipd ls -r</c>: packages under a prefix.</summary>
public sealed record CipdListPackagesSettings(string Prefix) : CipdCliSettings
{
    public override string Command => "ls";
    protected override void AddFlags(List<string> flags) => flags.Add("-r");
    protected override IEnumerable<string> Positional() => Prefix.Length == 0 ? [] : [Prefix];
}

/// <summary><c>cipd instances -limit 0</c>: every instance of a package (the service lists newest first).</summary>
public sealed record CipdInstancesSettings(string Package) : CipdCliSettings
{
    public override string Command => "instances";
    protected override void AddFlags(List<string> flags) => Add(flags, "limit", "0");
    protected override IEnumerable<string> Positional() => [CipdNames.RequirePackageName(Package)];
}
