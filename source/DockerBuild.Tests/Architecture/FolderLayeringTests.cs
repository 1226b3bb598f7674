using DockerBuild.Tests.Data;
using NUnit.Framework;

namespace DockerBuild.Tests.Architecture;

/// <summary>
/// The folder layering ARCHITECTURE.md draws is the one the code has: a folder uses only folders before it (on a
/// lower layer, or to its left on its own), so there are no cycles and a newcomer can read the projects bottom-up.
/// </summary>
[TestFixture, Category("Architecture")]
public sealed class FolderLayeringTests
{
    private static readonly string[] Projects = ["DockerBuild", "DockerBuild.Tools"];

    [TestCaseSource(nameof(Projects))]
    public void NoFolderUsesOneAboveIt(string project)
    {
        var order = DeclaredLayering.Read(Path.Combine(RepositoryRoot.Find(), "ARCHITECTURE.md"))[project];
        var imports = FolderImports.Read(Path.Combine(RepositoryRoot.Find(), "source", project), project);
        TestContext.Out.WriteLine(Describe(imports));

        var unplaced = imports.Edges.Keys.Where(f => !order.Contains(f)).ToList();
        Assert.That(unplaced, Is.Empty, $"folders of {project} missing from ARCHITECTURE.md's layering: place each on its layer");
        var upward = imports.Edges
            .SelectMany(e => e.Value.Where(u => order.IndexOf(u.Key) > order.IndexOf(e.Key))
                .Select(u => $"{e.Key} uses {u.Key}, which is above it ({u.Value})"))
            .ToList();
        Assert.That(upward, Is.Empty, "move the shared type down to the layer both can use");
    }

    [Test]
    public void TheReaderSeesQualifiedNamesAndUsingsButNotComments()
    {
        var project = Path.Combine(Path.GetTempPath(), $"layering-{Guid.NewGuid():N}");
        try
        {
            Write(project, "Low/Thing.cs", "namespace P.Low;\npublic sealed record Thing;\n");
            Write(project, "Low/Sub/Deep.cs", "namespace P.Low.Sub;\npublic static class Deep;\n");
            Write(project, "ByUsing/A.cs", "using P.Low;\nnamespace P.ByUsing;\nclass A { Thing? t; }\n");
            Write(project, "ByName/B.cs", "namespace P.ByName;\nclass B { object o = Low.Sub.Deep.X; }\n");
            Write(project, "ByComment/C.cs", "namespace P.ByComment;\n/// <see cref=\"Low.Thing\"/>\nclass C { int Low; int n = this.Low.Thing; }\n");

            var edges = FolderImports.Read(project, "P").Edges;

            Assert.That(edges["ByUsing"].Keys, Is.EqualTo(new[] { "Low" }));
            Assert.That(edges["ByName"].Keys, Is.EqualTo(new[] { "Low" }));
            Assert.That(edges["ByName"]["Low"], Is.EqualTo(Path.Combine("ByName", "B.cs") + ":2"));
            Assert.That(edges["ByComment"], Is.Empty);
            Assert.That(edges["Low"], Is.Empty);
        }
        finally
        {
            Directory.Delete(project, recursive: true);
        }
    }

    private static void Write(string root, string path, string text)
    {
        var file = Path.Combine(root, path);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, text);
    }

    private static string Describe(FolderImports imports) => string.Join(Environment.NewLine,
        imports.Edges.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => $"{e.Key} -> {string.Join(' ', e.Value.Keys)}"));
}
