using System.Linq.Expressions;
using DockerBuild.Graph;

namespace DockerBuild.Tests.Graph;

/// <summary>What one in-process build run produced: its exit code, its whole output, and the summary it printed.</summary>
internal sealed record BuildRun(int ExitCode, string Output)
{
    /// <summary>Target name → status, in the order the summary table lists them (the execution order).</summary>
    public IReadOnlyList<(string Target, string Status)> Summary { get; } = ParseSummary(Output);

    public IReadOnlyList<string> Order => Summary.Select(r => r.Target).ToList();

    public string StatusOf(string target) =>
        Summary.FirstOrDefault(r => r.Target == target).Status ?? $"(not in the summary of:{Environment.NewLine}{Output})";

    /// <summary>Targets whose actions ran, from the "ran X" lines the test builds log.</summary>
    public IReadOnlyList<string> Ran => Output.Split('\n')
        .Select(l => l.IndexOf("ran ", StringComparison.Ordinal) is var i and >= 0 && l.Contains("[INF]") ? l[(i + 4)..].Trim() : null)
        .OfType<string>().ToList();

    private static List<(string, string)> ParseSummary(string output)
    {
        var lines = output.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var header = lines.FindLastIndex(l => l.StartsWith("Target") && l.Contains("Status") && l.Contains("Duration"));
        if (header < 0)
            return [];
        return lines.Skip(header + 2)
            .TakeWhile(l => !l.StartsWith('─'))
            .Select(l => l.Split("  ", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Select(parts => (parts[0], parts[1]))
            .ToList();
    }
}

/// <summary>A temporary build root (with <c>.nuke/</c>) and a way to run a build in it in-process.</summary>
internal sealed class BuildRoot : IDisposable
{
    public BuildRoot()
    {
        Path = Directory.CreateTempSubdirectory("graph-test-").FullName;
        Directory.CreateDirectory(System.IO.Path.Combine(Path, ".nuke"));
    }

    public string Path { get; }

    public string NukeFile(string name) => System.IO.Path.Combine(Path, ".nuke", name);

    public void WriteNukeFile(string name, string content) => File.WriteAllText(NukeFile(name), content);

    public BuildRun Run<T>(string[] args, Dictionary<string, string?>? environment = null,
        params Expression<Func<T, Target>>[] defaultTargets) where T : GraphBuild, new()
    {
        using var output = new StringWriter();
        var exitCode = BuildRunner.Run(new BuildInvocation
        {
            Arguments = args,
            Environment = environment ?? new Dictionary<string, string?>(),
            RootDirectory = Path,
            WorkingDirectory = Path,
            Output = output,
            OpenInBrowser = null,
        }, defaultTargets);
        return new BuildRun(exitCode, output.ToString());
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
