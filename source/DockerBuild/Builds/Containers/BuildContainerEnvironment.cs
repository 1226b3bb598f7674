using DockerBuild.Images.Recipe;
using DockerBuild.Platforms;
using DockerBuild.Wheels;

namespace DockerBuild.Builds.Containers;

/// <summary>
/// The environment of the build command in a platform's image: the image's cross variables (target compiler,
/// LDSHARED, _PYTHON_HOST_PLATFORM, _PYTHON_SYSCONFIGDATA_NAME …, with the platform's own env on top, so the host
/// interpreter builds for the target without emulation), the autoconf <c>host_alias</c>, and what makes the build
/// reproducible: SOURCE_DATE_EPOCH and the build directory mapped out of debug info and <c>__FILE__</c>.
/// </summary>
public static partial class BuildContainerEnvironment
{
    /// <summary>The fixed directory the source is built in inside the container, whatever the host's checkout path.</summary>
    public const string BuildDirectory = "/dockerbuild/src";

    /// <summary>Where the built wheel is written inside the container.</summary>
    public const string OutputDirectory = "/dockerbuild/out";

    /// <summary>Where the build's own scripts (the PEP 517 frontend) are copied.</summary>
    public const string ToolsDirectory = "/dockerbuild/tools";

    /// <summary>Where the wheel spec's build-requirement wheels are copied; they are installed into <see cref="IsolatedEnvironment"/>.</summary>
    public const string RequirementsDirectory = "/dockerbuild/requires";

    /// <summary>The isolated build environment: exactly the spec's build requirements.</summary>
    public const string IsolatedEnvironment = "/dockerbuild/env";

    /// <summary>Variables as <c>KEY=value</c>, in a stable order.</summary>
    /// <param name="buildJobs">Compiler processes one build may run at once (setuptools objects, CMake, make, cargo).</param>
    public static IReadOnlyList<string> For(PlatformSpec platform, WheelSpec spec, long sourceDateEpoch, int buildJobs = 1)
    {
        var target = CrossTarget.For(platform);
        var jobs = Math.Max(1, buildJobs).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var variables = new List<KeyValuePair<string, string>>(Images.Recipe.CrossEnvironment.For(target, platform.Env));
        var reproducible = ReproducibleBuildEnvironment.For(BuildDirectory, sourceDateEpoch, platform.Env);
        variables.RemoveAll(v => reproducible.ContainsKey(v.Key));
        variables.Add(new("host_alias", target.Triple));
        variables.AddRange(reproducible.OrderBy(v => v.Key, StringComparer.Ordinal));
        variables.AddRange(
        [
            // A build ID derived from the content, never a random one; no path of the build in the output.
            new("LDFLAGS", $"-ffile-prefix-map={BuildDirectory}=. -Wl,--build-id=sha1"),
            new("PYTHONDONTWRITEBYTECODE", "1"),
            new("PIP_NO_INDEX", "1"),
            new("PIP_NO_CACHE_DIR", "1"),
            new("PIP_DISABLE_PIP_VERSION_CHECK", "1"),
            new("PIP_NO_INPUT", "1"),
            new("PIP_ROOT_USER_ACTION", "ignore"),
            new("LC_ALL", "C.UTF-8"),
            new("TZ", "UTC"),
            // A source without git metadata (every tarball) still builds as the version the spec names.
            // Parallel inside one build; the output does not depend on it, so it is no input of the build key.
            new("DOCKERBUILD_BUILD_JOBS", jobs),
            new("CMAKE_BUILD_PARALLEL_LEVEL", jobs),
            new("CARGO_BUILD_JOBS", jobs),
            new("SETUPTOOLS_SCM_PRETEND_VERSION", spec.Version),
            new($"SETUPTOOLS_SCM_PRETEND_VERSION_FOR_{ScmName().Replace(spec.Name, "_").ToUpperInvariant()}", spec.Version),
        ]);
        return variables.Select(v => $"{v.Key}={v.Value}").ToList();
    }

    /// <summary>
    /// The shell command the container runs: the host (build-architecture) python3 runs the source's PEP 517 backend
    /// through <see cref="BuildScripts.Frontend"/>, never fetching anything. With build requirements, pip first installs
    /// exactly those wheels (no index, no dependencies) into <see cref="IsolatedEnvironment"/>, the only packages the
    /// backend then sees; without, the backend uses the image's Python packages. The wheel lands in <see cref="OutputDirectory"/>.
    /// </summary>
    public static string BuildCommand(PlatformSpec platform, WheelSpec spec)
    {
        var suite = platform.Base?.Debian?.Suite ?? "image";
        var command = $"set -e; mkdir -p {OutputDirectory}; cd {BuildDirectory}; " +
            "echo \"building for $_PYTHON_HOST_PLATFORM with $CC (sysconfig $_PYTHON_SYSCONFIGDATA_NAME)\"; ";
        if (spec.BuildRequires.Count > 0)
            command += $"python3 -m pip install --no-index --no-deps --no-compile --target {IsolatedEnvironment} --find-links {RequirementsDirectory} "
                + string.Join(' ', spec.BuildRequires.Select(r => $"'{r}'")) + "; ";
        return command + $"python3 {ToolsDirectory}/{BuildScripts.FrontendName} {BuildDirectory} {OutputDirectory} "
            + $"{(spec.BuildRequires.Count > 0 ? IsolatedEnvironment : "-")} {suite}";
    }

    [System.Text.RegularExpressions.GeneratedRegex("[^A-Za-z0-9]")]
    private static partial System.Text.RegularExpressions.Regex ScmName();
}
