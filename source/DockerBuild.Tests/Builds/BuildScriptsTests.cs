using System.IO.Compression;
using System.Text;
using DockerBuild.Builds;
using DockerBuild.Builds.Verification;
using DockerBuild.Tools.Process;
using NUnit.Framework;

namespace DockerBuild.Tests.Builds;

/// <summary>
/// The Python scripts the build copies into its containers, as shipped (read from the assembly), compile with the host's
/// python3; the verification's wheel layout, made on the host, is importable as an installer would leave it.
/// </summary>
[TestFixture]
[Category("Builds")]
public sealed class BuildScriptsTests
{
    private string _directory = "";

    [SetUp]
    public void CreateDirectory() => _directory = Directory.CreateTempSubdirectory("dockerbuild-build-scripts-").FullName;

    [TearDown]
    public void RemoveDirectory() => Directory.Delete(_directory, recursive: true);

    private string Write(string name, byte[] content)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllBytes(path, content);
        return path;
    }

    [Test]
    public async Task Every_build_script_compiles()
    {
        var scripts = new[] { Write(BuildScripts.FrontendName, BuildScripts.Frontend) };
        var code = "import py_compile, sys\nfor f in sys.argv[1:]: py_compile.compile(f, cfile=f + 'c', doraise=True)";

        var result = await ProcessRunner.RunAsync(new ProcessSpec { FileName = "python3", Arguments = ["-c", code, .. scripts] });

        Assert.That(result.ExitCode, Is.Zero, result.StandardError);
    }

    [Test]
    public async Task The_verification_layout_unpacks_a_wheel_and_moves_its_purelib_and_platlib_beside_the_packages()
    {
        var wheel = Path.Combine(_directory, "layout-1.0-cp311-cp311-linux_x86_64.whl");
        using (var archive = ZipFile.Open(wheel, ZipArchiveMode.Create))
        {
            foreach (var (name, text) in new[]
            {
                ("layout/__init__.py", "VALUE = 1\n"),
                ("layout-1.0.data/purelib/layout_pure.py", "PURE = 2\n"),
                ("layout-1.0.data/platlib/layout_native/__init__.py", "NATIVE = 3\n"),
                ("layout-1.0.data/scripts/tool", "#!python\n"),
                ("layout-1.0.dist-info/RECORD", ""),
            })
            {
                await using var entry = archive.CreateEntry(name).Open();
                await entry.WriteAsync(Encoding.UTF8.GetBytes(text));
            }
        }
        var site = Path.Combine(_directory, "site");

        WheelInstallLayout.Unpack(wheel, site);
        var imported = await ProcessRunner.RunAsync(new ProcessSpec
        {
            FileName = "python3", Arguments = ["-c", "import layout, layout_pure, layout_native; print(layout.VALUE + layout_pure.PURE + layout_native.NATIVE)"],
            Environment = new Dictionary<string, string?> { ["PYTHONPATH"] = site, ["PYTHONDONTWRITEBYTECODE"] = "1" },
        });

        Assert.That(imported.StandardOutput.Trim(), Is.EqualTo("6"), imported.StandardError);
        Assert.That(File.Exists(Path.Combine(site, "layout-1.0.data", "purelib", "layout_pure.py")), Is.False, "moved, not copied");
        Assert.That(File.Exists(Path.Combine(site, "layout-1.0.data", "scripts", "tool")), Is.True, "other schemes stay where they are");
    }
}
