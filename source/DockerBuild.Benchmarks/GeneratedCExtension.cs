using System.Globalization;
using System.Text;

namespace DockerBuild.Benchmarks;

/// <summary>
/// A C-heavy Python extension written for the benchmark: a few thousand lines of distinct arithmetic kernels, so
/// compile time dominates and cross, native and emulated builds are compared on the compiler's work.
/// </summary>
public static class GeneratedCExtension
{
    /// <summary>
    /// Writes setup.py and crunch.c (about <paramref name="kernels"/> × 16 lines) into <paramref name="directory"/>; with
    /// <paramref name="units"/> above one, the kernels are spread over that many more files (crunch_N.c), as a large
    /// extension's sources are.
    /// </summary>
    public static void Write(string directory, int kernels = 250, int units = 1)
    {
        Directory.CreateDirectory(directory);
        var files = new[] { "crunch.c" }.Concat(Enumerable.Range(0, units > 1 ? units : 0).Select(u => $"crunch_{u}.c")).ToList();
        File.WriteAllText(Path.Combine(directory, "setup.py"),
            "from setuptools import setup, Extension\nsetup(name='crunch', version='1.0.0', ext_modules=[Extension('crunch', ["
            + string.Join(", ", files.Select(f => $"'{f}'")) + "], extra_compile_args=['-O2'])])\n");
        var c = new StringBuilder("#define PY_SSIZE_T_CLEAN\n#include <Python.h>\n#include <stdint.h>\n\n");
        var parts = Enumerable.Range(0, Math.Max(units, 1)).Select(_ => new StringBuilder("#include <stdint.h>\n\n")).ToList();
        for (var k = 0; k < kernels; k++)
        {
            var n = k.ToString(CultureInfo.InvariantCulture);
            if (units > 1) c.Append($"uint64_t kernel{n}(uint64_t seed);\n");
            var body = units > 1 ? parts[k % units] : c;
            body.Append($"{(units > 1 ? "" : "static ")}uint64_t kernel{n}(uint64_t seed) {{\n");
            body.Append($"    uint64_t a = seed ^ {0x9E3779B97F4A7C15UL + (ulong)k}ULL, b = seed * {k * 2 + 3}ULL;\n");
            body.Append("    double x = (double)(seed & 0xffff) / 65536.0;\n");
            body.Append($"    for (int i = 0; i < {16 + k % 7}; i++) {{\n");
            body.Append($"        a = (a << {1 + k % 13}) | (a >> {63 - k % 13});\n");
            body.Append($"        b += a * {k + 1}ULL + (b >> {3 + k % 5});\n");
            body.Append($"        x = x * {1.0 + k / 1000.0:F4} + {k % 11}.5 / (1.0 + x * x);\n");
            body.Append("        if ((a ^ b) & 1) { a ^= b >> 7; } else { b ^= a << 3; }\n");
            body.Append("    }\n");
            body.Append($"    switch ((a + b) % 4) {{ case 0: a += {k}; break; case 1: b -= {k}; break; case 2: a ^= b; break; default: b ^= a; }}\n");
            body.Append("    return a ^ b ^ (uint64_t)(x * 1e6);\n");
            body.Append("}\n\n");
        }
        c.Append("static PyObject *run(PyObject *self, PyObject *args) {\n    unsigned long long seed;\n");
        c.Append("    if (!PyArg_ParseTuple(args, \"K\", &seed)) return NULL;\n    uint64_t h = seed;\n");
        for (var k = 0; k < kernels; k++) c.Append($"    h = kernel{k}(h);\n");
        c.Append("    return PyLong_FromUnsignedLongLong(h);\n}\n\n");
        c.Append("static PyMethodDef methods[] = {{\"run\", run, METH_VARARGS, \"chain every kernel\"}, {NULL, NULL, 0, NULL}};\n");
        c.Append("static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, \"crunch\", NULL, -1, methods};\n");
        c.Append("PyMODINIT_FUNC PyInit_crunch(void) { return PyModule_Create(&module); }\n");
        File.WriteAllText(Path.Combine(directory, "crunch.c"), c.ToString());
        for (var u = 0; u < units && units > 1; u++) File.WriteAllText(Path.Combine(directory, $"crunch_{u}.c"), parts[u].ToString());
    }
}
