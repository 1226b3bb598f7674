using DockerBuild.Tests.Data;

namespace DockerBuild.Tests.Builds;

/// <summary>
/// A checkout made for a test: some of the real platform files (byte-identical, so their images are the shared ones)
/// and a wheels/ folder with the given spec file and package directories.
/// </summary>
internal static class ScratchCheckout
{
    public static readonly string[] Platforms = ["linux-x64-py3.11", "linux-arm64-py3.11", "linux-armv7-py3.11"];

    /// <summary>Creates <paramref name="root"/> afresh with the platforms, <c>wheels/specs.yaml</c> and the local packages named.</summary>
    public static string Create(string root, string specsYaml, IReadOnlyList<string> realLocalPackages,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>? madePackages = null, IReadOnlyList<string>? testPackages = null,
        IReadOnlyList<string>? platformNames = null)
    {
        if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
        var platforms = Directory.CreateDirectory(Path.Combine(root, "platforms")).FullName;
        foreach (var name in (platformNames ?? Platforms).Append("universal"))
            File.Copy(Path.Combine(RepositoryRoot.Platforms, $"{name}.yaml"), Path.Combine(platforms, $"{name}.yaml"));
        var wheels = Directory.CreateDirectory(Path.Combine(root, "wheels")).FullName;
        Directory.CreateDirectory(Path.Combine(wheels, "patches"));
        File.WriteAllText(Path.Combine(wheels, "specs.yaml"), specsYaml);
        foreach (var package in realLocalPackages)
            CopyTree(Path.Combine(RepositoryRoot.Wheels, "local", package), Path.Combine(wheels, "local", package));
        foreach (var package in testPackages ?? [])
            CopyTree(Path.Combine(TestPackages, package), Path.Combine(wheels, "local", package));
        foreach (var (package, files) in madePackages ?? new Dictionary<string, IReadOnlyDictionary<string, string>>())
        {
            foreach (var (relative, text) in files)
            {
                var path = Path.Combine(wheels, "local", package, relative);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllText(path, text);
            }
        }
        return root;
    }

    /// <summary>The example packages written for the tests (Builds/Packages/), each an ordinary project of its backend.</summary>
    public static string TestPackages => Path.Combine(RepositoryRoot.Find(), "source", "DockerBuild.Tests", "Builds", "Packages");

    /// <summary>The fastsum and zcodec specs exactly as shipped (read from wheels/local.yaml).</summary>
    public static string ShippedSpecs(params string[] names)
    {
        var text = File.ReadAllText(Path.Combine(RepositoryRoot.Wheels, "local.yaml"));
        var blocks = text.Split("\n  - name: ").Skip(1).Select(b => "  - name: " + b.TrimEnd() + "\n");
        return "wheels:\n" + string.Concat(blocks.Where(b => names.Any(n => b.StartsWith($"  - name: {n}\n", StringComparison.Ordinal))));
    }

    /// <summary>Copies a package directory, leaving out what a build left in it (build/, __pycache__, *.egg-info).</summary>
    public static void CopyTree(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from)) File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        foreach (var directory in Directory.GetDirectories(from))
        {
            if (Path.GetFileName(directory) is "build" or "__pycache__" || Path.GetFileName(directory).EndsWith(".egg-info")) continue;
            CopyTree(directory, Path.Combine(to, Path.GetFileName(directory)));
        }
    }
}
