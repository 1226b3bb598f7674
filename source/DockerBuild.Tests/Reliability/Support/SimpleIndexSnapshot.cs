using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace DockerBuild.Tests.Reliability.Support;

/// <summary>
/// The PEP 503 index a reader sees at one moment, read from the files as pip would: <c>simple/index.html</c>, each
/// project's page, and every file a page links to (present, and hashing to the link's <c>#sha256=</c>). Problems are
/// listed, never thrown, so a test can say what a half-written index looked like.
/// </summary>
internal sealed partial record SimpleIndexSnapshot(string? Generation, IReadOnlyList<string> Projects, IReadOnlyList<string> Files, IReadOnlyList<string> Problems)
{
    public static SimpleIndexSnapshot Read(string indexRoot)
    {
        var simple = Path.Combine(indexRoot, "simple");
        if (!Directory.Exists(simple)) return new(null, [], [], []);
        var generation = new FileInfo(simple).LinkTarget ?? "(a directory)";
        var problems = new List<string>();
        var projects = new List<string>();
        var files = new List<string>();
        var root = Path.Combine(simple, "index.html");
        if (!File.Exists(root)) return new(generation, [], [], [$"{generation}: no index.html"]);
        foreach (Match project in Link().Matches(File.ReadAllText(root)))
        {
            var name = project.Groups[1].Value.TrimEnd('/');
            projects.Add(name);
            var page = Path.Combine(simple, name, "index.html");
            if (!File.Exists(page))
            {
                problems.Add($"{generation}: the root page lists {name}, which has no page");
                continue;
            }
            var links = Link().Matches(File.ReadAllText(page));
            if (links.Count == 0) problems.Add($"{generation}: the page of {name} links no file");
            foreach (Match link in links)
            {
                var href = link.Groups[1].Value;
                var hash = href.Contains("#sha256=") ? href[(href.IndexOf("#sha256=", StringComparison.Ordinal) + 8)..] : null;
                var path = Path.GetFullPath(Path.Combine(simple, name, Uri.UnescapeDataString(href.Split('#')[0])));
                files.Add(Path.GetFileName(path));
                if (!File.Exists(path)) problems.Add($"{generation}: {name} links {href}, which is missing");
                else if (hash is not null && Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path))) != hash)
                    problems.Add($"{generation}: {path} does not hash to its link's sha256 {hash}");
            }
        }
        return new(generation, projects, files, problems);
    }

    [GeneratedRegex("<a href=\"([^\"]+)\"")]
    private static partial Regex Link();
}
