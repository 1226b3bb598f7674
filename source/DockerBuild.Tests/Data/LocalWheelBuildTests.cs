using System.IO.Compression;
using NUnit.Framework;
using DockerBuild.Platforms;
using DockerBuild.Tools.Process;
using DockerBuild.Wheels;

namespace DockerBuild.Tests.Data;

/// <summary>
/// The shipped Local example packages really build with the host's Python (pip + setuptools + wheel, a C compiler
/// and zlib1g-dev), and each spec's <c>test:</c> passes against the built wheel — the same check that later runs
/// under QEMU for foreign platforms.
/// </summary>
[TestFixture]
[Category("PythonBuild")]
public sealed class LocalWheelBuildTests
{
    private string _python = null!;
    private string _scratch = null!;
    private IReadOnlyList<WheelSpec> _locals = null!;

    [OneTimeSetUp]
    public async Task FindPythonAndSpecs()
    {
        _python = await BuildingPython()
            ?? throw new InvalidOperationException("No Python 3 with setuptools and wheel found (tried $DOCKERBUILD_PYTHON, "
                + "/usr/bin/python3, python3 on PATH). Install: apt-get install python3-dev python3-pip python3-setuptools python3-wheel zlib1g-dev gcc");
        var wheels = WheelCatalog.Load(RepositoryRoot.Wheels, PlatformCatalog.Load(RepositoryRoot.Platforms));
        _locals = wheels.All.Where(w => w.Kind == WheelKind.Local).ToList();
        _scratch = Path.Combine(Path.GetTempPath(), "dockerbuild-localwheels-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_scratch);
    }

    [OneTimeTearDown]
    public void RemoveScratch()
    {
        if (_scratch is not null && Directory.Exists(_scratch))
            Directory.Delete(_scratch, recursive: true);
    }

    [TestCase("fastsum", "-cp3")]
    [TestCase("zcodec", "-cp3")]
    [TestCase("romanum", "-py3-none-any.whl")]
    public async Task TheExampleBuildsAndPassesItsTest(string name, string tagPart)
    {
        var spec = _locals.Single(w => w.Name == name);

        var wheel = await BuildWheel(spec);
        Assert.That(Path.GetFileName(wheel), Does.StartWith($"{name}-{spec.Version}-").And.Contain(tagPart));

        var result = await RunTest(wheel, spec.Test!);
        Assert.That(result.ExitCode, Is.Zero, result.StandardError);
    }

    [Test]
    public async Task AWrongExpectationInATestFails()
    {
        var spec = _locals.Single(w => w.Name == "zcodec");
        var wheel = await BuildWheel(spec);

        var result = await RunTest(wheel, spec.Test!.Replace("0x0D4A1185", "0x0D4A1186"));

        Assert.That(result.ExitCode, Is.Not.Zero);
        Assert.That(result.StandardError, Does.Contain("AssertionError"));
    }

    private async Task<string> BuildWheel(WheelSpec spec)
    {
        // Build from a copy so no build/ or .egg-info folder lands in the checkout.
        var work = Path.Combine(_scratch, spec.Name + "-" + Guid.NewGuid().ToString("N")[..8]);
        CopyDirectory(spec.LocalSourceDirectory!, Path.Combine(work, "src"));
        var output = Path.Combine(work, "out");
        await ProcessRunner.RunCheckedAsync(new ProcessSpec
        {
            FileName = _python,
            Arguments = ["-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index", Path.Combine(work, "src"), "-w", output],
            WorkingDirectory = work,
            Environment = new Dictionary<string, string?> { ["PIP_NO_CACHE_DIR"] = "1", ["PIP_DISABLE_PIP_VERSION_CHECK"] = "1" },
        });
        return Directory.GetFiles(output, "*.whl").Single();
    }

    private async Task<ProcessResult> RunTest(string wheel, string test)
    {
        var site = Path.Combine(Path.GetDirectoryName(wheel)!, "site-" + Guid.NewGuid().ToString("N")[..8]);
        ZipFile.ExtractToDirectory(wheel, site);
        return await ProcessRunner.RunAsync(new ProcessSpec
        {
            FileName = _python,
            Arguments = ["-I", "-c", $"import sys; sys.path.insert(0, {PythonString(site)})\n{test}"],
            WorkingDirectory = site,
        });
    }

    private static async Task<string?> BuildingPython()
    {
        var candidates = new[] { Environment.GetEnvironmentVariable("DOCKERBUILD_PYTHON"), "/usr/bin/python3", ProcessRunner.Which("python3") };
        foreach (var candidate in candidates.OfType<string>().Where(File.Exists))
        {
            var probe = await ProcessRunner.RunAsync(new ProcessSpec { FileName = candidate, Arguments = ["-c", "import setuptools, wheel, pip"] });
            if (probe.Succeeded)
                return candidate;
        }
        return null;
    }

    private static string PythonString(string text) => "'" + text.Replace("\\", "\\\\").Replace("'", "\\'") + "'";

    private static void CopyDirectory(string from, string to)
    {
        foreach (var directory in Directory.GetDirectories(from, "*", SearchOption.AllDirectories))
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, directory)));
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
            File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)));
    }
}
