namespace DockerBuild.Graph.Parameters;

/// <summary>A parameter value and a description of where it came from (for error messages).</summary>
internal sealed record ParameterValue(object? Value, string Origin);

/// <summary>
/// Looks parameter values up in precedence order: command line, environment (<c>STATE_DIR</c>, or the name in any
/// case), the profile files (the last <c>--profile</c> first), then <c>.nuke/parameters.json</c>.
/// </summary>
internal sealed class ParameterSources
{
    private readonly CommandLine _commandLine;
    private readonly IReadOnlyDictionary<string, string?> _environment;
    private readonly IReadOnlyList<ParametersFile> _files;

    private ParameterSources(CommandLine commandLine, IReadOnlyDictionary<string, string?> environment, IReadOnlyList<ParametersFile> files)
    {
        _commandLine = commandLine;
        _environment = environment;
        _files = files;
    }

    public static ParameterSources Load(CommandLine commandLine, IReadOnlyDictionary<string, string?> environment,
        string root, IReadOnlyList<string> profiles)
    {
        var files = new List<ParametersFile>();
        foreach (var profile in profiles.Reverse())
        {
            if (!File.Exists(ParametersFile.PathFor(root, profile)))
            {
                var available = Directory.Exists(Path.Combine(root, ".nuke"))
                    ? Directory.GetFiles(Path.Combine(root, ".nuke"), "parameters.*.json")
                        .Select(f => Path.GetFileName(f)["parameters.".Length..^".json".Length]).Order().ToList()
                    : [];
                throw new BuildInvocationException(
                    $"Profile '{profile}' not found: {Path.Combine(".nuke", $"parameters.{profile}.json")} does not exist. " +
                    (available.Count > 0 ? $"Available profiles: {string.Join(", ", available)}." : "There are no profiles."));
            }
            files.Add(ParametersFile.Load(root, profile));
        }
        if (File.Exists(ParametersFile.PathFor(root, null)))
            files.Add(ParametersFile.Load(root, null));
        return new ParameterSources(commandLine, environment, files);
    }

    /// <summary>The highest-precedence value of the parameter, or null when no source sets it.</summary>
    public ParameterValue? Find(ParameterDescriptor parameter)
    {
        if (_commandLine.Find(parameter.Name) is { } option)
        {
            var origin = $"command line {option.Spelling}";
            return new ParameterValue(ValueTypes.FromStrings(parameter, option.Values, origin), origin);
        }
        if (parameter.CommandLineOnly)
            return null;
        if (FindEnvironment(parameter) is { } found)
        {
            var (variable, text) = found;
            var origin = $"environment variable {variable}";
            IReadOnlyList<string> values = ValueTypes.IsList(parameter.ValueType)
                ? text.Split([',', ' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries)
                : [text];
            return new ParameterValue(ValueTypes.FromStrings(parameter, values, origin), origin);
        }
        foreach (var file in _files)
        {
            if (file.TryGet(parameter.Name, out var key, out var element))
            {
                var origin = $"{file.DisplayPath} key \"{key}\"";
                return new ParameterValue(ValueTypes.FromJson(parameter, element, origin), origin);
            }
        }
        return null;
    }

    /// <summary>Every raw text any source gives the parameter, used to mask secrets even when overridden.</summary>
    public IEnumerable<string> RawTexts(ParameterDescriptor parameter)
    {
        if (_commandLine.Find(parameter.Name) is { } option)
            foreach (var value in option.Values)
                yield return value;
        if (FindEnvironment(parameter) is { } found)
            yield return found.Text;
        foreach (var file in _files)
            if (file.TryGet(parameter.Name, out _, out var element))
                yield return element.ValueKind == System.Text.Json.JsonValueKind.String ? element.GetString()! : element.GetRawText();
    }

    /// <summary>Errors for command-line options and file keys that match no parameter, with the closest one suggested.</summary>
    public void ThrowOnUnknown(ParameterCatalog catalog)
    {
        var names = catalog.All.Select(p => p.Name).ToList();
        foreach (var option in _commandLine.Options)
        {
            if (catalog.Find(option.Spelling) != null)
                continue;
            var closest = NameConventions.Closest(option.Spelling, names);
            throw new BuildInvocationException($"Unknown option '{option.Spelling}'." +
                (closest != null ? $" Did you mean --{NameConventions.Kebab(closest)}?" : "") + " See --help for the parameters.");
        }
        foreach (var file in _files)
        foreach (var key in file.Keys)
        {
            if (catalog.Find(key) is { CommandLineOnly: false })
                continue;
            var closest = NameConventions.Closest(key, catalog.All.Where(p => !p.CommandLineOnly).Select(p => p.Name));
            throw new BuildInvocationException($"Unknown parameter \"{key}\" in {file.DisplayPath}." +
                (closest != null ? $" Did you mean \"{closest}\"?" : "") + " Keys are parameter names in PascalCase.");
        }
    }

    private (string Variable, string Text)? FindEnvironment(ParameterDescriptor parameter)
    {
        if (_environment.TryGetValue(parameter.EnvironmentName, out var snake) && !string.IsNullOrEmpty(snake))
            return (parameter.EnvironmentName, snake);
        foreach (var (key, value) in _environment)
            if (string.Equals(key, parameter.Name, StringComparison.OrdinalIgnoreCase) && !string.IsNullOrEmpty(value))
                return (key, value);
        return null;
    }
}
