using System.IO.Compression;
using NUnit.Framework;
using DockerBuild.Platforms;
using DockerBuild.Tests.Data;
using DockerBuild.Tools.Pip;
using DockerBuild.Tools.Process;
using DockerBuild.Wheels;

namespace DockerBuild.Tests.WheelPolicy;

/// <summary>Builds the shipped example packages (wheels/local) with the host's Python and pip, as real repair input.</summary>
internal static class LocalPackageBuilds
{
    public const long Epoch = 1_700_000_000;

    public static PlatformSpec Platform(string name) => PlatformCatalog.Load(RepositoryRoot.Platforms).All.Single(p => p.Name == name);

    public static WheelSpec Spec(string name)
        => WheelCatalog.Load(RepositoryRoot.Wheels, PlatformCatalog.Load(RepositoryRoot.Platforms)).All.Single(w => w.Name == name);

    /// <summary>A Python 3 with pip, setuptools and wheel, or a failed test naming what to install.</summary>
    public static async Task<string> PythonAsync()
    {
        foreach (var candidate in new[] { Environment.GetEnvironmentVariable("DOCKERBUILD_PYTHON"), "/usr/bin/python3" }.OfType<string>().Where(File.Exists))
            if ((await ProcessRunner.RunAsync(new ProcessSpec { FileName = candidate, Arguments = ["-c", "import setuptools, wheel, pip"] })).Succeeded)
                return candidate;
        Assert.Fail("No Python 3 with pip, setuptools and wheel; install: apt-get install -y python3-dev python3-pip python3-setuptools python3-wheel zlib1g-dev gcc");
        return "";
    }

    /// <summary>
    /// Copies wheels/local/&lt;name&gt; to <paramref name="checkout"/> and builds it there with pip, with
    /// SOURCE_DATE_EPOCH set and, when <paramref name="mapPrefix"/>, the checkout path mapped out of debug info.
    /// </summary>
    public static async Task<string> BuildAsync(string python, string name, string checkout, bool mapPrefix = true, bool setEpoch = true, DateTime? sourceTimes = null)
    {
        Copy(Spec(name).LocalSourceDirectory!, checkout);
        if (sourceTimes is { } time)
            foreach (var file in Directory.GetFiles(checkout, "*", SearchOption.AllDirectories)) File.SetLastWriteTimeUtc(file, time);
        var output = checkout + "-dist";
        var environment = new Dictionary<string, string?> { ["SOURCE_DATE_EPOCH"] = null };
        if (mapPrefix) foreach (var (key, value) in ReproducibleBuildEnvironment.For(checkout, Epoch)) environment[key] = value;
        environment["SOURCE_DATE_EPOCH"] = setEpoch ? Epoch.ToString() : null;
        await new PipRunner(python).RunAsync(new PipWheelSettings
        {
            Requirements = [checkout], WheelDirectory = output, NoDependencies = true, NoBuildIsolation = true, NoIndex = true,
        }, workingDirectory: checkout, environment: environment);
        return Directory.GetFiles(output, "*.whl").Single();
    }

    /// <summary>Extracts a wheel into a fresh directory and runs Python code with it first on sys.path.</summary>
    public static async Task<ProcessResult> RunWithWheelAsync(string python, string wheel, string code)
    {
        var site = Path.Combine(Path.GetDirectoryName(wheel)!, "site-" + Guid.NewGuid().ToString("N")[..8]);
        ZipFile.ExtractToDirectory(wheel, site);
        return await ProcessRunner.RunAsync(new ProcessSpec
        {
            FileName = python, WorkingDirectory = site,
            Arguments = ["-I", "-c", $"import sys; sys.path.insert(0, {PythonString(site)})\n{code}"],
        });
    }

    /// <summary>Extracts one entry of a wheel to a file (to inspect it with readelf).</summary>
    public static string Extract(string wheel, string entry, string directory)
    {
        using var zip = ZipFile.OpenRead(wheel);
        var target = Path.Combine(directory, entry.Replace('/', '_'));
        Directory.CreateDirectory(directory);
        zip.GetEntry(entry)!.ExtractToFile(target, overwrite: true);
        return target;
    }

    public static IReadOnlyList<string> EntryNames(string wheel)
    {
        using var zip = ZipFile.OpenRead(wheel);
        return zip.Entries.Select(e => e.FullName).ToList();
    }

    private static string PythonString(string text) => "'" + text.Replace("\\", "\\\\").Replace("'", "\\'") + "'";

    private static void Copy(string from, string to)
    {
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
