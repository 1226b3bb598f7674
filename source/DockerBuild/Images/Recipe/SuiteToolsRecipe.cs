using System.Security.Cryptography;
using System.Text;

namespace DockerBuild.Images.Recipe;

/// <summary>
/// The layer every platform image on one base shares: the build machine's compilers, CPython with its packaging
/// tools, CMake and git. It is one image per (base, Python), <c>dockerbuild/tools-&lt;suite&gt;:&lt;key&gt;</c>, made
/// before the platform images that start FROM it, so the second and third platform of a suite only add their cross
/// toolchain instead of installing all of this again. On a mirrored base it is built from <see cref="Dockerfile"/>; a
/// bootstrapped Debian base gets these packages in its bootstrap, one apt run instead of two and no base image between.
/// </summary>
public sealed record SuiteToolsRecipe(ImageBase Base, string Python, string Key, string Reference, string Dockerfile)
{
    /// <summary>Bump when the layer changes meaning without its Dockerfile's text changing.</summary>
    public const int Version = 2; // 2: a bootstrapped base's tools come with its bootstrap

    /// <summary>The tools layer for <paramref name="python"/> on <paramref name="imageBase"/>; <paramref name="suite"/> only names it.</summary>
    public static SuiteToolsRecipe For(ImageBase imageBase, string suite, string python)
    {
        var dockerfile = DockerfileFor(imageBase, python);
        var identity = $"dockerbuild-tools-key\nrecipe-version {Version}\nbase {imageBase.Identity}\ndockerfile {Sha256(dockerfile)}\n";
        var key = Sha256(identity);
        return new SuiteToolsRecipe(imageBase, python, key, $"dockerbuild/tools-{suite}:{key}", dockerfile);
    }

    /// <summary>What the build machine needs whatever the target: a native compiler (configure --build, build-time tools) and Python.</summary>
    public static IReadOnlyList<string> Packages(string python) =>
    [
        "build-essential", "ca-certificates", "cmake", "file", "git", "make", "patchelf", "pkg-config",
        "python3-dev", "python3-pip", "python3-setuptools", "python3-wheel", $"python{python}-dev",
    ];

    /// <summary>The environment of every image on the layer (Dockerfile ENV, or the import's changes).</summary>
    public static readonly IReadOnlyList<string> Environment = ["DEBIAN_FRONTEND=noninteractive", "LANG=C.UTF-8"];

    private static string DockerfileFor(ImageBase imageBase, string python)
    {
        var apt = imageBase.AptGet;
        var d = new StringBuilder();
        d.Append($"# DockerBuild host tools for Python {python} (tools recipe {Version})\n");
        d.Append($"FROM {imageBase.Reference}\n");
        d.Append($"ENV {string.Join(' ', Environment)}\n");
        d.Append("RUN set -eux; \\\n");
        d.Append($"    {apt} update; \\\n");
        d.Append($"    {apt} install -y --no-install-recommends \\\n");
        foreach (var package in Packages(python).Order(StringComparer.Ordinal)) d.Append($"        {package} \\\n");
        // The downloaded packages go; apt's lists stay, so an image built on this one fetches only the indexes that changed.
        d.Append("    ; \\\n");
        d.Append($"    {apt} clean\n");
        return d.ToString();
    }

    private static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
