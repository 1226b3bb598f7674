using DockerBuild.Images.Recipe;
using DockerBuild.Platforms;
using DockerBuild.Wheels.Archive;

namespace DockerBuild.BuildRequirements;

/// <summary>
/// What a build requirement's wheel must run on: build requirements run on the build machine, inside the platform's
/// image, under the image's own interpreter — so a requirement of an arm64 build is an x86-64 wheel for that Python.
/// <see cref="Platform"/> is the catalogue's build-architecture platform of the same Python and suite; its CIPD
/// package names and wheel tags are the requirement wheels'.
/// </summary>
public sealed record RequirementHost(PlatformSpec Platform)
{
    /// <summary>The build-machine platform whose interpreter runs <paramref name="build"/>'s build requirements.</summary>
    public static RequirementHost For(PlatformSpec build, IEnumerable<PlatformSpec> catalogue)
    {
        if (IsNative(build)) return new RequirementHost(build);
        var suite = build.Base?.Debian?.Suite;
        var host = catalogue.Where(p => IsNative(p) && p.Python == build.Python && p.Base?.Debian?.Suite == suite)
            .OrderByDescending(p => p.Default).ThenBy(p => p.Name, StringComparer.Ordinal).FirstOrDefault();
        return host is not null ? new RequirementHost(host)
            : throw new BuildRequirementException($"{build.Name}'s build requirements run on the build machine under Python {build.Python}"
                + $"{(suite is null ? "" : $" of Debian {suite}")}, but platforms/ has no Linux platform of the build machine's architecture for it; "
                + $"add one (e.g. linux-x64-py{build.Python}) so their wheels have a CIPD package and tags.");
    }

    /// <summary>A Linux platform of the build machine's own architecture (its wheels run where the build runs).</summary>
    public static bool IsNative(PlatformSpec platform)
    {
        try { return platform.Kind == PlatformKind.Linux && !CrossTarget.For(platform).Architecture.IsForeign; }
        catch (ArgumentException) { return false; }
    }

    private string Interpreter => "cp" + Platform.Python.Replace(".", "", StringComparison.Ordinal);

    /// <summary>Platform tags a requirement wheel may carry, most preferred first (manylinux levels spelled out, then any).</summary>
    public IReadOnlyList<string> PlatformTags => [.. Wheels.Policy.AcceptedPlatformTags.For(Platform.WheelPlat), "any"];

    /// <summary>Python tags, ABIs: the interpreter's own, the stable ABI, and pure Python.</summary>
    public IReadOnlyList<string> Abis => [Platform.WheelAbi, "abi3", "none"];

    /// <summary>Whether a wheel file of that name installs under this interpreter on this machine.</summary>
    public bool Accepts(string fileName)
    {
        WheelFileName name;
        try { name = WheelFileName.Parse(fileName); }
        catch (FormatException) { return false; }
        var minor = int.Parse(Platform.Python.Split('.')[1], System.Globalization.CultureInfo.InvariantCulture);
        bool PythonFits(string tag) => tag is "py3" or "py2.py3" || tag == Interpreter
            || (tag.StartsWith("cp3", StringComparison.Ordinal) && name.AbiTag == "abi3"
                && int.TryParse(tag[3..], out var least) && least <= minor)
            || (tag.StartsWith("py3", StringComparison.Ordinal) && int.TryParse(tag[3..], out var py) && py <= minor);
        return name.PythonTag.Split('.').Any(PythonFits)
               && name.AbiTag.Split('.').Any(Abis.Contains)
               && name.PlatformTags.Any(PlatformTags.Contains);
    }
}
