using System.Security.Cryptography;
using System.Text;
using DockerBuild.Tools.Cipd;

namespace DockerBuild.Images;

/// <summary>
/// The content key of a platform image: sha256 over a canonical, line-per-input serialisation of every input —
/// the platform file's bytes, the recipe (version, Dockerfile and context files), the base, and the instance IDs
/// of the sources the recipe copies in. Each input is hashed on its own line so no value can fake a delimiter.
/// </summary>
public static class ImageContentKey
{
    /// <summary>The canonical text the key is the hash of (useful to explain why two keys differ).</summary>
    public static string Serialise(ImageKeyInputs inputs)
    {
        var text = new StringBuilder();
        text.Append("dockerbuild-image-key\n");
        text.Append($"recipe-version {inputs.RecipeVersion}\n");
        text.Append($"platform-file {Sha256(inputs.PlatformFile)}\n");
        foreach (var (name, content) in inputs.RecipeFiles.OrderBy(f => f.Key, StringComparer.Ordinal))
            text.Append($"recipe-file {Sha256(Encoding.UTF8.GetBytes(name))} {Sha256(Encoding.UTF8.GetBytes(content))}\n");
        text.Append($"base {Sha256(Encoding.UTF8.GetBytes(inputs.BaseIdentity))}\n");
        foreach (var pin in inputs.Sources.OrderBy(p => p.Package, StringComparer.Ordinal).ThenBy(p => p.InstanceId, StringComparer.Ordinal))
            text.Append($"source {Sha256(Encoding.UTF8.GetBytes(pin.Package))} {pin.InstanceId}\n");
        return text.ToString();
    }

    /// <summary>The key: lowercase hex sha256 of <see cref="Serialise"/>.</summary>
    public static string Compute(ImageKeyInputs inputs) => Sha256(Encoding.UTF8.GetBytes(Serialise(inputs)));

    private static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}

/// <summary>Everything an image's content depends on.</summary>
/// <param name="PlatformFile">The bytes of the platform's YAML file.</param>
/// <param name="RecipeVersion">The tool's own recipe version constant.</param>
/// <param name="RecipeFiles">Build-context files by name (the Dockerfile among them).</param>
/// <param name="BaseIdentity">e.g. <c>debian:bookworm snapshot:none</c> or <c>image:registry/repo@sha256:…</c>.</param>
/// <param name="Sources">Instance IDs of the sources copied into the image.</param>
public sealed record ImageKeyInputs(
    byte[] PlatformFile,
    int RecipeVersion,
    IReadOnlyDictionary<string, string> RecipeFiles,
    string BaseIdentity,
    IReadOnlyList<CipdPin> Sources);
