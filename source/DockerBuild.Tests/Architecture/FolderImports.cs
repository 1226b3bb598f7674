using System.Text.RegularExpressions;

namespace DockerBuild.Tests.Architecture;

/// <summary>
/// Which top-level folder of a project uses which other, read from its C# sources: <c>using</c> directives and
/// qualified names (<c>Images.RegistryLogin</c>, <c>DockerBuild.Images.X</c>) that name a type or sub-namespace declared
/// in another folder. Comments are ignored: a <c>cref</c> is documentation, not a dependency.
/// </summary>
internal sealed partial class FolderImports
{
    private FolderImports(IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> edges) => Edges = edges;

    /// <summary>For each folder, the folders it uses, each with one file:line that shows the use.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Edges { get; }

    public static FolderImports Read(string projectDirectory, string rootNamespace)
    {
        var folders = Directory.EnumerateDirectories(projectDirectory).Select(Path.GetFileName).OfType<string>()
            .Where(f => f is not ("bin" or "obj") && Directory.EnumerateFiles(Path.Combine(projectDirectory, f), "*.cs", SearchOption.AllDirectories).Any())
            .ToList();
        var declared = folders.ToDictionary(f => f, f => DeclaredNames(Path.Combine(projectDirectory, f)));
        var edges = new Dictionary<string, IReadOnlyDictionary<string, string>>();
        foreach (var folder in folders)
        {
            var uses = new SortedDictionary<string, string>(StringComparer.Ordinal);
            foreach (var file in Directory.EnumerateFiles(Path.Combine(projectDirectory, folder), "*.cs", SearchOption.AllDirectories))
            {
                var lines = File.ReadAllLines(file);
                for (var i = 0; i < lines.Length; i++)
                {
                    var code = Code(lines[i]);
                    foreach (var other in folders.Where(o => o != folder && !uses.ContainsKey(o)))
                        if (Uses(code, rootNamespace, other, declared[other]))
                            uses[other] = $"{Path.GetRelativePath(projectDirectory, file)}:{i + 1}";
                }
            }
            edges[folder] = uses;
        }
        return new FolderImports(edges);
    }

    private static bool Uses(string code, string rootNamespace, string folder, IReadOnlySet<string> names)
    {
        if (code.Contains($"{rootNamespace}.{folder}.", StringComparison.Ordinal) || code.Contains($"{rootNamespace}.{folder};", StringComparison.Ordinal))
            return true;
        foreach (Match match in Regex.Matches(code, $@"(?<![\w.]){folder}\.([A-Z]\w*)"))
            if (names.Contains(match.Groups[1].Value))
                return true;
        return false;
    }

    /// <summary>Types declared in a folder and the names of its sub-folders (sub-namespaces).</summary>
    private static IReadOnlySet<string> DeclaredNames(string folder)
    {
        var names = Directory.EnumerateDirectories(folder, "*", SearchOption.AllDirectories).Select(Path.GetFileName).OfType<string>().ToHashSet();
        foreach (var file in Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories))
            foreach (Match match in Declaration().Matches(File.ReadAllText(file)))
                names.Add(match.Groups[1].Value);
        return names;
    }

    private static string Code(string line)
    {
        var trimmed = line.TrimStart();
        if (trimmed.StartsWith("//", StringComparison.Ordinal) || trimmed.StartsWith('*')) return "";
        var comment = line.IndexOf(" // ", StringComparison.Ordinal);
        return comment < 0 ? line : line[..comment];
    }

    [GeneratedRegex(@"\b(?:class|record|struct|interface|enum)\s+([A-Z]\w*)")]
    private static partial Regex Declaration();
}
