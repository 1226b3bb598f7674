using System.Security.Cryptography;
using System.Text;
using DockerBuild.Wheels;

namespace DockerBuild.Builds;

/// <summary>
/// The content key of one pair's build: sha256 over a canonical, line-per-input serialisation of the wheel spec's
/// fields, the source's instance ID, each patch's bytes, the image's content key, the platform and this recipe's
/// version. Equal keys mean an earlier output can stand in for a build.
/// </summary>
public static class WheelBuildKey
{
    /// <summary>Bump when the build or repair steps change meaning without any input changing.</summary>
    public const int RecipeVersion = 2;

    /// <summary>The canonical text the key is the hash of (useful to explain why two keys differ).</summary>
    public static string Serialise(WheelBuildKeyInputs inputs)
    {
        var spec = inputs.Pair.Wheel;
        var text = new StringBuilder();
        text.Append("dockerbuild-wheel-key\n");
        Line(text, "recipe-version", RecipeVersion.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Line(text, "platform", inputs.Pair.Platform.Name);
        Line(text, "published", inputs.Pair.UsesPublishedWheel ? "yes" : "no");
        Line(text, "name", spec.Name);
        Line(text, "version", spec.Version);
        Line(text, "kind", spec.Kind.ToString());
        Line(text, "pure-python", spec.PurePython ? "yes" : "no");
        Line(text, "import", spec.ImportName);
        Line(text, "test", spec.Test ?? "");
        foreach (var library in spec.TargetLibraries) Line(text, "target-library", library);
        foreach (var package in spec.BuildPackages) Line(text, "build-package", package);
        Line(text, "may-be-pure", spec.MayBePure ? "yes" : "no");
        foreach (var requirement in inputs.BuildRequirements)
            Line(text, "build-requirement", $"{requirement.Requirement} {System.IO.Path.GetFileName(requirement.File)} {requirement.Sha256}");
        if (spec.Source is { } source)
        {
            Line(text, "source-kind", source.Kind.ToString());
            Line(text, "source-version", source.Version);
            Line(text, "source-pin", source.Sha256 ?? source.Commit ?? "");
        }
        Line(text, "source-instance", inputs.SourceInstanceId ?? "");
        foreach (var (name, bytes) in inputs.Patches) Line(text, "patch", $"{Hash(Encoding.UTF8.GetBytes(name))} {Hash(bytes)}");
        Line(text, "image", inputs.ImageKey ?? "");
        Line(text, "index", inputs.IndexUrl ?? "");
        // Only abi3 keys carry these, so every other key stays as it was. A CPython added to the architecture is a new
        // verification, hence a new key (the rebuild gives the same bytes, which Upload finds already registered).
        if (inputs.Pair.Abi3 is { } abi3)
        {
            Line(text, "abi3", abi3.Floor.Tag);
            foreach (var python in abi3.Pythons) Line(text, "abi3-verified-on", python.Name);
        }
        return text.ToString();
    }

    /// <summary>The key: lowercase hex sha256 of <see cref="Serialise"/>.</summary>
    public static string Compute(WheelBuildKeyInputs inputs) => Hash(Encoding.UTF8.GetBytes(Serialise(inputs)));

    // Each value is hashed on its own line, so no value can fake a field boundary.
    private static void Line(StringBuilder text, string field, string value) =>
        text.Append(field).Append(' ').Append(Hash(Encoding.UTF8.GetBytes(value))).Append('\n');

    private static string Hash(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}

/// <summary>Everything a pair's output depends on.</summary>
/// <param name="SourceInstanceId">The source package's CIPD instance ID; null for published wheels.</param>
/// <param name="Patches">Patch file names with their bytes, in application order.</param>
/// <param name="ImageKey">The content key of the image the build runs in; null for published wheels.</param>
/// <param name="IndexUrl">The index a published wheel is downloaded from.</param>
public sealed record WheelBuildKeyInputs(
    WheelPair Pair,
    string? SourceInstanceId,
    IReadOnlyList<(string Name, byte[] Bytes)> Patches,
    string? ImageKey,
    string? IndexUrl)
{
    /// <summary>The build-requirement wheels the build installs, each by its file's sha256.</summary>
    public IReadOnlyList<BuildRequirements.ResolvedRequirement> BuildRequirements { get; init; } = [];
}
