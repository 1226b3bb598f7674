using System.Text;
using DockerBuild.Builds.Containers;
using DockerBuild.Platforms;
using DockerBuild.Tools.Engine;
using DockerBuild.Wheels;
using DockerBuild.Wheels.Abi3;

namespace DockerBuild.Builds.Checks;

/// <summary>
/// Reads the limited API of an abi3 floor from the image the wheel was built in: the target CPython's own headers
/// (the include directories its sysconfig names, as the build used them), preprocessed by the target compiler with
/// <c>Py_LIMITED_API</c> set to the floor, once as is and once with <c>PY_SSIZE_T_CLEAN</c> (which renames the argument
/// parsers to their <c>_SizeT</c> forms, both in the stable ABI). Runs in a container of that image without network, like the build.
/// </summary>
public static class LimitedApiHeaders
{
    private const string Directory = "/dockerbuild/limited-api";
    private const string Output = "limited-api.i";

    public static async Task<IReadOnlySet<string>> ReadAsync(ContainerEngine engine, string image, PlatformSpec platform, WheelSpec spec, Abi3Floor floor,
        string stateDirectory, PairLog log, CancellationToken cancellationToken)
    {
        var command = $"set -e; mkdir -p {Directory}; cd {Directory}; "
            + "includes=$(python3 -c 'import sysconfig; p = sysconfig.get_paths(); print(\" \".join(dict.fromkeys(\"-I\" + p[k] for k in (\"include\", \"platinclude\"))))'); "
            + "printf '#include <Python.h>\\n' > limited.c; "
            + $"echo \"limited API of {floor}: $CC -E -P -DPy_LIMITED_API={floor.LimitedApiHex} $includes\"; "
            + $"$CC -E -P -DPy_LIMITED_API={floor.LimitedApiHex} $includes limited.c -o {Output}; "
            + $"$CC -E -P -DPy_LIMITED_API={floor.LimitedApiHex} -DPY_SSIZE_T_CLEAN $includes limited.c >> {Output}";
        await using var container = await IsolatedContainer.CreateAsync(engine, image, BuildContainerEnvironment.For(platform, spec, 0), command, cancellationToken,
            stateDirectory: stateDirectory);
        var exit = await container.RunAsync(log, cancellationToken);
        var text = exit == 0 ? (await container.ReadFilesAsync(Directory, cancellationToken)).FirstOrDefault(f => f.Name == Output).Content : null;
        if (text is null)
            throw new WheelBuildException($"could not read the limited API of {floor} from the CPython headers in {image} (exit {exit}); see the log.");
        var names = LimitedApi.Declarations(Encoding.UTF8.GetString(text));
        log.Write($"limited API of {floor} from the headers in {image}: {names.Count} functions and variables");
        return names;
    }
}
