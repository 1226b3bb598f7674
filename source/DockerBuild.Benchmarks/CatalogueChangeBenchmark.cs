using DockerBuild.Builds;
using DockerBuild.Images;
using DockerBuild.Lifecycle;
using DockerBuild.Selection;
using DockerBuild.Tools.Cipd;
using DockerBuild.Tools.Engine;
using Spectre.Console;

namespace DockerBuild.Benchmarks;

/// <summary>
/// What one new wheel with a new target library costs the rest of the catalogue: BuildWheel over the default platforms
/// on a copy of the checkout, its no-change rerun, then the same after a spec linking libyaml is added — counting the
/// pairs that really build (the goal: only the new wheel's, since its library goes into a layer of its own) — and the
/// no-change rerun again, side by side in one run.
/// </summary>
public static class CatalogueChangeBenchmark
{
    public static async Task<BenchmarkResult> RunAsync(string checkout)
    {
        var scratch = Directory.CreateTempSubdirectory("dockerbuild-catalogue-benchmark-").FullName;
        try
        {
            var copy = Path.Combine(scratch, "checkout");
            CopyTree(Path.Combine(checkout, "platforms"), Path.Combine(copy, "platforms"));
            CopyTree(Path.Combine(checkout, "wheels"), Path.Combine(copy, "wheels"));
            var state = Path.Combine(scratch, "state");
            var store = CipdRepositories.Create(state, null);
            var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(TextWriter.Null) });
            using var engine = ContainerEngine.FromEnvironment();
            var settings = new WheelBuildSettings
            {
                StateDirectory = state, RootDirectory = copy, Jobs = 2,
                Images = new ImageSettings { StateDirectory = state, Output = TextWriter.Null },
            };
            BuildSelection Selection() => BuildSelection.Load(new SelectionRequest { RootDirectory = copy }, packageIndexConfigured: false);

            FailedPairs.ThrowIfAny("first BuildWheel", await WheelBuilds.RunAsync(Selection(), settings, store, console, engine));
            var (before, _) = await BenchmarkCase.MeasureAsync("no-change rerun, before", () => WheelBuilds.RunAsync(Selection(), settings, store, console, engine));
            AddYamlWheel(copy);
            var (added, report) = await BenchmarkCase.MeasureAsync("after adding a wheel with target_libraries [libyaml-dev]",
                () => WheelBuilds.RunAsync(Selection(), settings, store, console, engine));
            FailedPairs.ThrowIfAny("BuildWheel after the change", report);
            var built = report.Pairs.Where(p => p.Outcome == PairOutcome.Built).ToList();
            var (after, _) = await BenchmarkCase.MeasureAsync("no-change rerun, after", () => WheelBuilds.RunAsync(Selection(), settings, store, console, engine));
            var others = built.Count(p => !p.Wheel.StartsWith("yamlcount==", StringComparison.Ordinal));
            return new BenchmarkResult($"Adding one wheel with a new target library ({report.Pairs.Count} pairs)", [before, added, after],
                $"built {built.Count} of {report.Pairs.Count} pairs ({others} of other wheels); no-change rerun after/before = {after.Time / before.Time:F2}×");
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    /// <summary>A small C extension that links the target's libyaml, declared in a spec file of its own.</summary>
    private static void AddYamlWheel(string checkout)
    {
        var package = Directory.CreateDirectory(Path.Combine(checkout, "wheels", "local", "yamlcount")).FullName;
        File.WriteAllText(Path.Combine(package, "pyproject.toml"), """
            [build-system]
            requires = ["setuptools>=61"]
            build-backend = "setuptools.build_meta"

            [project]
            name = "yamlcount"
            version = "1.0.0"
            """);
        File.WriteAllText(Path.Combine(package, "setup.py"), """
            from setuptools import Extension, setup
            setup(ext_modules=[Extension("yamlcount", ["yamlcount.c"], libraries=["yaml"])])
            """);
        File.WriteAllText(Path.Combine(package, "yamlcount.c"), """
            #define PY_SSIZE_T_CLEAN
            #include <Python.h>
            #include <yaml.h>

            static PyObject *version(PyObject *self, PyObject *args) { return PyUnicode_FromString(yaml_get_version_string()); }
            static PyMethodDef methods[] = {{"version", version, METH_NOARGS, NULL}, {NULL, NULL, 0, NULL}};
            static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "yamlcount", NULL, -1, methods};
            PyMODINIT_FUNC PyInit_yamlcount(void) { return PyModule_Create(&module); }
            """);
        File.WriteAllText(Path.Combine(checkout, "wheels", "yaml.yaml"), """
            wheels:
              - name: yamlcount
                version: 1.0.0
                kind: Local
                source:
                  kind: local
                  path: local/yamlcount
                target_libraries: [libyaml-dev]
                test: |
                  import yamlcount
                  assert yamlcount.version().startswith("0.2")
            """);
    }

    /// <summary>Copies a folder tree (a checkout's platforms/ or wheels/) for a benchmark to change freely.</summary>
    internal static void CopyTree(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from)) File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        foreach (var directory in Directory.GetDirectories(from)) CopyTree(directory, Path.Combine(to, Path.GetFileName(directory)));
    }
}
