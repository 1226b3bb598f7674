using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace DockerBuild.Specs;

/// <summary>
/// One YAML file parsed into a node tree that keeps line/column marks. Syntax errors do not throw:
/// they are recorded in <see cref="Errors"/> with the position and a hint of the usual fix.
/// </summary>
public sealed class YamlSpecFile
{
    private YamlSpecFile(string fullPath, SpecErrorList errors, YamlNode? root)
    {
        FullPath = fullPath;
        Errors = errors;
        Root = root;
    }

    public string FullPath { get; }

    /// <summary>The path used in messages, e.g. <c>platforms/linux-x64-py3.11.yaml</c>.</summary>
    public string DisplayPath => Errors.DisplayPath;

    public SpecErrorList Errors { get; }

    /// <summary>The document's root node; null when the file is empty or does not parse.</summary>
    public YamlNode? Root { get; }

    /// <summary>Parses <paramref name="fullPath"/>; <paramref name="displayPath"/> names it in messages.</summary>
    public static YamlSpecFile Load(string fullPath, string displayPath)
    {
        var errors = new SpecErrorList(displayPath);
        string text;
        try
        {
            text = File.ReadAllText(fullPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            errors.Add(Mark.Empty, "", $"cannot read the file: {e.Message}");
            return new YamlSpecFile(fullPath, errors, null);
        }

        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            errors.Add(Position(e, text), "", $"YAML syntax error: {Plain(e)} ({Hint(e)})");
            return new YamlSpecFile(fullPath, errors, null);
        }

        switch (stream.Documents.Count)
        {
            case 0:
                errors.Add(new Mark(0, 1, 1), "", "the file is empty (expected a YAML mapping of fields)");
                return new YamlSpecFile(fullPath, errors, null);
            case > 1:
                errors.Add(stream.Documents[1].RootNode.Start, "",
                    "the file holds several YAML documents (hint: remove the '---' separator; one document per file)");
                return new YamlSpecFile(fullPath, errors, null);
            default:
                return new YamlSpecFile(fullPath, errors, stream.Documents[0].RootNode);
        }
    }

    /// <summary>
    /// Where to point the user. YamlDotNet reports a tab used as indentation at the enclosing mapping; the tab's
    /// own line is more useful.
    /// </summary>
    private static Mark Position(YamlException e, string text)
    {
        if (!Messages(e).Contains(" tab ", StringComparison.OrdinalIgnoreCase))
            return e.Start;
        var lines = text.Split('\n');
        for (var i = (int)Math.Max(0, e.Start.Line - 1); i < lines.Length; i++)
        {
            var indent = lines[i].Length - lines[i].TrimStart(' ', '\t').Length;
            var tab = lines[i].IndexOf('\t', 0, indent);
            if (tab >= 0)
                return new Mark(0, i + 1, tab + 1);
        }
        return e.Start;
    }

    private static string Messages(Exception e) => e.InnerException is null ? e.Message : $"{e.Message} {Messages(e.InnerException)}";

    private static string Plain(YamlException e)
    {
        // YamlDotNet prefixes messages with "(Line: …, Col: …, Idx: …) - (…): "; the position is already given.
        var message = e.InnerException is YamlException inner && inner.Message.Length > 0 ? inner.Message : e.Message;
        var cut = message.LastIndexOf("): ", StringComparison.Ordinal);
        return (cut >= 0 ? message[(cut + 3)..] : message).Trim().TrimEnd('.');
    }

    private static string Hint(YamlException e)
    {
        var message = Messages(e);
        if (message.Contains("Duplicate key", StringComparison.OrdinalIgnoreCase))
            return "hint: each key may appear once in a mapping; remove or rename the repeated one";
        if (message.Contains("mapping values are not allowed", StringComparison.OrdinalIgnoreCase)
            || message.Contains("invalid mapping", StringComparison.OrdinalIgnoreCase))
            return "hint: a value containing ': ' must be quoted, or a key is indented deeper than its siblings";
        if (message.Contains("did not find expected key", StringComparison.OrdinalIgnoreCase))
            return "hint: check that keys of one mapping share the same indentation and that quotes are closed";
        if (message.Contains("did not find expected '-'", StringComparison.OrdinalIgnoreCase))
            return "hint: items of one list, and the keys inside one item, must share the same indentation";
        if (message.Contains("found unexpected end of stream", StringComparison.OrdinalIgnoreCase)
            || message.Contains("closing quote", StringComparison.OrdinalIgnoreCase))
            return "hint: a quote or bracket is not closed";
        if (message.Contains(" tab ", StringComparison.OrdinalIgnoreCase)
            || message.Contains("cannot start any token", StringComparison.OrdinalIgnoreCase))
            return "hint: indent with spaces only; a tab, '@' or '`' cannot start a value unquoted";
        if (message.Contains("block sequence entries are not allowed", StringComparison.OrdinalIgnoreCase))
            return "hint: a list item '-' must start on its own line under a key ending with ':'";
        return "hint: check indentation (spaces only, same depth for siblings) and quote values containing ':' or '#'";
    }
}
