using DockerBuild.Images.Recipe;
using DockerBuild.Platforms;
using DockerBuild.Wheels;

namespace DockerBuild.Builds;

/// <summary>
/// The environment of the build command in a platform's image: the image's cross variables (target compiler,
/// LDSHARED, _PYTHON_HOST_PLATFORM, _PYTHON_SYSCONFIGDATA_NAME …, with the platform's own env on top, so the host
/// interpreter builds for the target without emulation), the autoconf <c>host_alias</c>, and what makes the build
/// reproducible: SOURCE_DATE_EPOCH and the build directory mapped out of debug info and <c>__FILE__</c>.
/// </summary>
public static class CrossEnvironment
{
    /// <summary>The fixed directory the source is built in inside the container, whatever the host's checkout path.</summary>
    public const string BuildDirectory = "/dockerbuild/src";

    /// <summary>Where the built wheel is written inside the container.</summary>
    public const string OutputDirectory = "/dockerbuild/out";

    /// <summary>Variables as <c>KEY=value</c>, in a stable order.</summary>
    public static IReadOnlyList<string> For(PlatformSpec platform, long sourceDateEpoch)
    {
        var target = CrossTarget.For(platform);
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
            new("LC_ALL", "C.UTF-8"),
            new("TZ", "UTC"),
        ]);
        return variables.Select(v => $"{v.Key}={v.Value}").ToList();
    }

    /// <summary>
    /// The shell command the container runs: the host (build-architecture) python3 drives pip, which never fetches
    /// anything (no index, no build isolation); the wheel lands in <see cref="OutputDirectory"/>.
    /// </summary>
    public static string BuildCommand =>
        $"set -e; mkdir -p {OutputDirectory}; cd {BuildDirectory}; " +
        "echo \"building for $_PYTHON_HOST_PLATFORM with $CC (sysconfig $_PYTHON_SYSCONFIGDATA_NAME)\"; " +
        $"python3 -m pip wheel --no-deps --no-build-isolation --no-index -w {OutputDirectory} {BuildDirectory}";
}
