using DockerBuild.Tests.Builds;
using DockerBuild.Tools.Pip;
using DockerBuild.Tools.Process;
using DockerBuild.Wheels.Abi3;
using NUnit.Framework;

namespace DockerBuild.Tests.WheelPolicy;

/// <summary>
/// The limited API as the host CPython's own headers declare it, preprocessed by the host gcc with Py_LIMITED_API set
/// (what BuildWheel does in the build image), and the check of a real abi3 wheel's imports against it: the test
/// packages abi3sum (limited API only) and abi3leak (tagged abi3, but calling PyUnicode_AsUTF8), built with pip.
/// </summary>
[TestFixture]
[Category("WheelPolicy")]
public sealed class LimitedApiTests
{
    private string _scratch = null!;
    private string _python = null!;

    [OneTimeSetUp]
    public async Task FindPythonAsync()
    {
        _scratch = Directory.CreateTempSubdirectory("dockerbuild-limited-api-").FullName;
        _python = await LocalPackageBuilds.PythonAsync();
    }

    [OneTimeTearDown]
    public void RemoveScratch() => Directory.Delete(_scratch, recursive: true);

    private async Task<IReadOnlySet<string>> HeadersAsync(Abi3Floor floor)
    {
        var includes = await ProcessRunner.RunAsync(new ProcessSpec
        {
            FileName = _python, Arguments = ["-c", "import sysconfig; print(sysconfig.get_paths()['include'])"],
        });
        var source = Path.Combine(_scratch, "limited.c");
        await File.WriteAllTextAsync(source, "#include <Python.h>\n");
        var output = Path.Combine(_scratch, $"limited-{floor}.i");
        var text = "";
        // As BuildWheel does: with and without PY_SSIZE_T_CLEAN, which renames the argument parsers.
        foreach (var extra in new[] { "-UPY_SSIZE_T_CLEAN", "-DPY_SSIZE_T_CLEAN" })
        {
            var result = await ProcessRunner.RunAsync(new ProcessSpec
            {
                FileName = "gcc", Arguments = ["-E", "-P", $"-DPy_LIMITED_API={floor.LimitedApiHex}", extra, $"-I{includes.StandardOutput.Trim()}", source, "-o", output],
            });
            Assert.That(result.Succeeded, result.StandardError);
            text += await File.ReadAllTextAsync(output);
        }
        return LimitedApi.Declarations(text);
    }

    [Test]
    public async Task TheHeadersGiveFunctionsVariablesAndTheUnderscoreNamesTheMacrosNeed()
    {
        var names = await HeadersAsync(new Abi3Floor(3, 9));
        Assert.That(names, Does.Contain("PyLong_FromLong").And.Contain("PyArg_ParseTuple").And.Contain("PyModule_Create2"));
        Assert.That(names, Does.Contain("PyExc_ValueError").And.Contain("PyType_Type"), "variables (PyAPI_DATA)");
        Assert.That(names, Does.Contain("_Py_Dealloc"), "Py_DECREF calls it in the limited API");
        Assert.That(names, Does.Contain("_PyArg_ParseTuple_SizeT"), "PyArg_ParseTuple under PY_SSIZE_T_CLEAN");
        Assert.That(names, Does.Not.Contain("PyUnicode_AsUTF8").And.Not.Contain("_PyObject_GetAttrId").And.Not.Contain("PyTuple_GET_ITEM"));
    }

    [Test]
    public async Task TheFloorsVersionGuardsDecideWhatIsIn()
    {
        var py39 = await HeadersAsync(new Abi3Floor(3, 9));
        var py310 = await HeadersAsync(new Abi3Floor(3, 10));
        Assert.That(py39, Does.Not.Contain("PyUnicode_AsUTF8AndSize"));
        Assert.That(py310, Does.Contain("PyUnicode_AsUTF8AndSize"), "added to the limited API in 3.10");
        Assert.That(py310, Is.SupersetOf(py39));
    }

    [Test]
    public async Task AWheelOfTheLimitedApiPassesAndOneUsingMoreIsRefusedNamingTheSymbolAndFile()
    {
        var limited = await HeadersAsync(new Abi3Floor(3, 9));
        var good = await BuildAsync("abi3sum");
        var leak = await BuildAsync("abi3leak");
        Assert.That(Path.GetFileName(good), Does.Contain("-cp39-abi3-"));
        Assert.DoesNotThrow(() => LimitedApi.Check(good, new Abi3Floor(3, 9), limited));
        var refused = Assert.Throws<LimitedApiException>(() => LimitedApi.Check(leak, new Abi3Floor(3, 9), limited))!;
        Assert.That(refused.Message, Does.Contain("PyUnicode_AsUTF8").And.Contain("abi3leak.abi3.so").And.Contain("limited API of CPython 3.9"));
        Assert.That(refused.Message.Split('\n'), Has.Length.EqualTo(1));
    }

    private async Task<string> BuildAsync(string package)
    {
        var checkout = Path.Combine(_scratch, package);
        ScratchCheckout.CopyTree(Path.Combine(ScratchCheckout.TestPackages, package), checkout);
        var output = checkout + "-dist";
        await new PipRunner(_python).RunAsync(new PipWheelSettings
        {
            Requirements = [checkout], WheelDirectory = output, NoDependencies = true, NoBuildIsolation = true, NoIndex = true,
        }, workingDirectory: checkout);
        return Directory.GetFiles(output, "*.whl").Single();
    }
}
