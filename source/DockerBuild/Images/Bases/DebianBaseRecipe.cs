using System.Security.Cryptography;
using System.Text;
using DockerBuild.Images.Recipe;
using DockerBuild.Platforms;

namespace DockerBuild.Images.Bases;

/// <summary>
/// Names a bootstrapped Debian base: one image per suite (and snapshot), shared by every platform on that suite,
/// tagged <c>dockerbuild/base-&lt;suite&gt;:&lt;key&gt;</c> where the key covers the suite, the snapshot and this recipe.
/// </summary>
public static class DebianBaseRecipe
{
    /// <summary>Bump when the bootstrap (variant, what is stripped) changes.</summary>
    public const int Version = 3; // 3: made by mmdebstrap (was debootstrap), slim

    public static ImageBase For(DebianBase debian)
    {
        if (!System.Text.RegularExpressions.Regex.IsMatch(debian.Suite, "^[a-z][a-z0-9-]*$"))
            throw new ArgumentException($"Debian suite '{debian.Suite}' is not a suite name (expected e.g. bookworm).");
        if (debian.Snapshot is { } s && !System.Text.RegularExpressions.Regex.IsMatch(s, @"^\d{8}T\d{6}Z$"))
            throw new ArgumentException($"Debian snapshot '{s}' is not a snapshot timestamp (expected e.g. 20250520T000000Z).");
        var identity = $"debian suite:{debian.Suite} snapshot:{debian.Snapshot ?? "none"} variant:minbase base-recipe:{Version}";
        var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(identity)));
        var expiredReleaseAccepted = debian.Snapshot is not null || PlatformVocabulary.Suite(debian.Suite) is { Testing: true };
        return new ImageBase($"dockerbuild/base-{debian.Suite}:{key}", identity, AcceptsExpiredRelease: expiredReleaseAccepted);
    }
}
