namespace DockerBuild.Graph.Parameters;

/// <summary>One <c>--option</c> as given: its spelling and every value that followed it (over all repetitions).</summary>
internal sealed record CommandLineOption(string Spelling, List<string> Values);

/// <summary>
/// The command line split into positional targets, options and the arguments after a bare <c>--</c>.
/// An option takes the values up to the next option, so <c>--platform a b --platform c</c> gives a, b, c.
/// </summary>
internal sealed class CommandLine
{
    private readonly Dictionary<string, CommandLineOption> _options = new();

    private CommandLine(IReadOnlyList<string> targets, IReadOnlyList<string> remaining)
    {
        Targets = targets;
        RemainingArguments = remaining;
    }

    /// <summary>Leading arguments before the first option: target names.</summary>
    public IReadOnlyList<string> Targets { get; }

    /// <summary>Everything after the first bare <c>--</c>, untouched.</summary>
    public IReadOnlyList<string> RemainingArguments { get; }

    public IEnumerable<CommandLineOption> Options => _options.Values;

    public static CommandLine Parse(IReadOnlyList<string> args)
    {
        var separator = args.ToList().IndexOf("--");
        var own = separator >= 0 ? args.Take(separator).ToList() : args.ToList();
        var remaining = separator >= 0 ? args.Skip(separator + 1).ToList() : [];

        var targets = own.TakeWhile(a => !IsOption(a)).ToList();
        var commandLine = new CommandLine(targets, remaining);
        CommandLineOption? current = null;
        foreach (var argument in own.Skip(targets.Count))
        {
            if (!IsOption(argument))
            {
                current!.Values.Add(argument);
                continue;
            }
            var (spelling, inlineValue) = SplitOption(argument);
            var key = NameConventions.Normalize(spelling);
            if (!commandLine._options.TryGetValue(key, out current))
                commandLine._options[key] = current = new CommandLineOption(spelling, []);
            if (inlineValue != null)
                current.Values.Add(inlineValue);
        }
        return commandLine;
    }

    /// <summary>The option with that (PascalCase or kebab) name, however it was spelled.</summary>
    public CommandLineOption? Find(string name) =>
        _options.GetValueOrDefault(NameConventions.Normalize(name));

    public bool Has(string name) => Find(name) != null;

    // "-h" is the only short option; a negative number is a value, not an option.
    private static bool IsOption(string argument) =>
        argument == "-h" || (argument.StartsWith('-') && argument.Length > 1 && !char.IsDigit(argument[1]));

    private static (string Spelling, string? Value) SplitOption(string argument)
    {
        if (argument == "-h")
            return ("--help", null);
        if (!argument.StartsWith("--"))
            throw new BuildInvocationException($"Unknown option '{argument}': options are written --kebab-name (try --help).");
        var equals = argument.IndexOf('=');
        return equals > 0 ? (argument[..equals], argument[(equals + 1)..]) : (argument, null);
    }
}
