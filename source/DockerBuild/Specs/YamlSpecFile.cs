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
        catch (IOException e)
        {
            errors.Add(Mark.Empty, "", $"cannot read the file: {e.Message}");
            return new YamlSpecFile(fullPath, errors, null);
        }

        if (text.Contains('\t') && text.Split('\n').Any(line => line.TrimStart(' ').StartsWith('\t')))
        {
            var lineIndex = Array.FindIndex(text.Split('\n'), line => line.TrimStart(' ').StartsWith('\t'));
            errors.Add(new Mark(0, lineIndex + 1, 1), "",
                "YAML syntax error: a tab is used for indentation (hint: indent with spaces only)");
            return new YamlSpecFile(fullPath, errors, null);
        }

        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            errors.Add(e.Start, "", $"YAML syntax error: {Plain(e)} ({Hint(e)})");
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
    /// Where the value of a top-level key starts (for problems found after reading, such as a name used by
    /// two files); the document start when the key is absent.
    /// </summary>
    public Mark MarkOf(string key)
    {
        if (Root is YamlMappingNode mapping)
        {
            foreach (var (k, v) in mapping.Children)
                if (k is YamlScalarNode { Value: var name } && name == key)
                    return v.Start;
            return mapping.Start;
        }
        return new Mark(0, 1, 1);
    }

    private static string Plain(YamlException e)
    {
        // YamlDotNet prefixes messages with "(Line: …, Col: …, Idx: …) - (…): "; the position is already given.
        var message = e.InnerException is YamlException inner && inner.Message.Length > 0 ? inner.Message : e.Message;
        var cut = message.LastIndexOf("): ", StringComparison.Ordinal);
        return (cut >= 0 ? message[(cut + 3)..] : message).Trim().TrimEnd('.');
    }

    private static string Hint(YamlException e)
    {
        var message = e.ToString();
        if (message.Contains("Duplicate key", StringComparison.OrdinalIgnoreCase))
            return "hint: each key may appear once in a mapping; remove or rename the repeated one";
        if (message.Contains("mapping values are not allowed", StringComparison.OrdinalIgnoreCase))
            return "hint: a value containing ': ' must be quoted, or a key is indented deeper than its siblings";
        if (message.Contains("did not find expected key", StringComparison.OrdinalIgnoreCase))
            return "hint: check that keys of one mapping share the same indentation and that quotes are closed";
        if (message.Contains("did not find expected '-'", StringComparison.OrdinalIgnoreCase))
            return "hint: items of one list must share the same indentation";
        if (message.Contains("found unexpected end of stream", StringComparison.OrdinalIgnoreCase)
            || message.Contains("closing quote", StringComparison.OrdinalIgnoreCase))
            return "hint: a quote or bracket is not closed";
        if (message.Contains("block sequence entries are not allowed", StringComparison.OrdinalIgnoreCase))
            return "hint: a list item '-' must start on its own line under a key ending with ':'";
        return "hint: check indentation (spaces only, same depth for siblings) and quote values containing ':' or '#'";
    }
}
