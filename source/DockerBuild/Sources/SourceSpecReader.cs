using System.Text.RegularExpressions;
using DockerBuild.Specs;

namespace DockerBuild.Sources;

/// <summary>
/// Reads a wheel's <c>source:</c> mapping. Each kind has its own required and allowed fields; every downloaded
/// kind must carry a sha256 pin, and a local directory must exist with a setup.py or pyproject.toml.
/// </summary>
public static partial class SourceSpecReader
{
    /// <summary>YAML spellings of <see cref="SourceKind"/>.</summary>
    public static readonly IReadOnlyList<string> Kinds = ["url", "pypi", "github", "git", "local"];

    private static readonly IReadOnlyList<string> Keys = ["kind", "url", "sha256", "package", "repo", "tag", "commit", "path"];

    /// <summary>Per kind: the fields it requires and the ones it merely allows.</summary>
    private static readonly Dictionary<string, (string[] Required, string[] Optional)> FieldsByKind = new()
    {
        ["url"] = (["url", "sha256"], []),
        ["pypi"] = (["sha256"], ["package"]),
        ["github"] = (["repo", "sha256"], ["tag", "commit"]),
        ["git"] = (["url", "commit"], ["sha256"]),
        ["local"] = (["path"], []),
    };

    /// <summary>
    /// The source declared under <c>source</c> in <paramref name="wheel"/>, named <paramref name="name"/> in the store,
    /// or null when absent or invalid (problems are recorded in the file's error list).
    /// </summary>
    /// <param name="declaringDirectory">Directory of the YAML file; local paths resolve against it.</param>
    public static SourceSpec? Read(YamlFields wheel, string name, string version, string declaringDirectory, bool pinSources = false)
    {
        var fields = wheel.Mapping("source", Keys);
        if (fields is null)
            return null;
        var kindText = fields.Choice("kind", Kinds, required: true);
        if (kindText is null)
            return null;

        var (required, optional) = FieldsByKind[kindText];
        var used = required.Concat(optional).ToList();
        foreach (var key in Keys.Where(k => k != "kind" && !used.Contains(k)))
            fields.Forbid(key, $"source kind '{kindText}' does not use it (valid: {string.Join(", ", used)})");

        var before = fields.Errors.Errors.Count;
        var values = new Dictionary<string, string>();
        foreach (var key in used)
        {
            // With --pin-sources a download's sha256 may be left out: the Sources step computes it and writes it in.
            var needed = required.Contains(key) && !(pinSources && key == "sha256");
            var value = fields.String(key, required: needed, expected: Expected(key));
            if (value is not null && Check(key, value) is { } problem)
                fields.Error(key, $"'{value}' {problem}");
            else if (value is not null)
                values[key] = value;
        }

        if (kindText == "github" && values.ContainsKey("tag") == values.ContainsKey("commit") && fields.Errors.Errors.Count == before)
            fields.Error("tag", "a github source names exactly one of 'tag' or 'commit' (valid: tag: v1.2.3 | commit: <40 hex>)");
        if (kindText == "local" && values.TryGetValue("path", out var path))
            CheckLocalDirectory(fields, path, declaringDirectory);

        if (fields.Errors.Errors.Count > before)
            return null;
        return new SourceSpec
        {
            Kind = Enum.Parse<SourceKind>(kindText, ignoreCase: true),
            Name = StoreName(name),
            Version = version,
            Url = values.GetValueOrDefault("url"),
            Sha256 = values.GetValueOrDefault("sha256"),
            PinRequested = pinSources && required.Contains("sha256") && !values.ContainsKey("sha256"),
            Package = values.GetValueOrDefault("package"),
            Repo = values.GetValueOrDefault("repo"),
            Tag = values.GetValueOrDefault("tag"),
            Commit = values.GetValueOrDefault("commit"),
            Path = values.GetValueOrDefault("path"),
            DeclaredAt = $"{fields.Errors.DisplayPath}:{fields.Start.Line}:{fields.Start.Column}",
            BaseDirectory = System.IO.Path.GetFullPath(declaringDirectory),
        };
    }

    /// <summary>The store name of a distribution: PEP 503 normalised (lowercase, runs of -_. become '-').</summary>
    public static string StoreName(string distribution) => Separators().Replace(distribution.ToLowerInvariant(), "-");

    private static string Expected(string key) => key switch
    {
        "url" => "an http(s) URL",
        "sha256" => "64 lowercase hex digits; ./build.sh Sources --pin-sources downloads the file and writes it here",
        "repo" => "owner/name",
        "commit" => "a 40-hex commit",
        "path" => "a directory relative to this file",
        _ => "a single value",
    };

    private static string? Check(string key, string value) => key switch
    {
        "sha256" when !Sha256().IsMatch(value) =>
            $"is not a sha256 (valid: exactly 64 lowercase hex digits; got {value.Length} characters)",
        "url" when !Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http") =>
            "is not an absolute http(s) URL (valid: https://…)",
        "repo" when !GitHubRepo().IsMatch(value) => "is not a GitHub repository (valid: owner/name)",
        "commit" when !Commit().IsMatch(value) => "is not a full commit id (valid: 40 lowercase hex digits)",
        "package" when !Distribution().IsMatch(value) => "is not a Python distribution name (valid: letters, digits, '.', '_', '-')",
        "tag" when value.Any(char.IsWhiteSpace) => "is not a git tag (valid: no spaces, e.g. v1.2.3)",
        "path" when System.IO.Path.IsPathRooted(value) => "is absolute (valid: a path relative to this file, e.g. local/fastsum)",
        _ => null,
    };

    private static void CheckLocalDirectory(YamlFields fields, string path, string declaringDirectory)
    {
        var full = System.IO.Path.GetFullPath(System.IO.Path.Combine(declaringDirectory, path));
        if (!Directory.Exists(full))
            fields.Error("path", $"'{path}' does not exist (resolved to {full}; valid: a package directory relative to this file)");
        else if (!File.Exists(System.IO.Path.Combine(full, "setup.py")) && !File.Exists(System.IO.Path.Combine(full, "pyproject.toml")))
            fields.Error("path", $"'{path}' holds no setup.py or pyproject.toml (valid: a Python package directory)");
    }

    [GeneratedRegex("^[0-9a-f]{64}$")]
    private static partial Regex Sha256();

    [GeneratedRegex("^[0-9a-f]{40}$")]
    private static partial Regex Commit();

    [GeneratedRegex(@"^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?/[A-Za-z0-9._-]+$")]
    private static partial Regex GitHubRepo();

    [GeneratedRegex(@"^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$")]
    private static partial Regex Distribution();

    [GeneratedRegex(@"[-_.]+")]
    private static partial Regex Separators();
}
