using System.Text.RegularExpressions;

namespace DockerBuild.Wheels.Policy;

/// <summary>
/// A Linux wheel platform tag: <c>manylinux_2_N_arch</c> (PEP 600), a legacy alias (<c>manylinux2014_arch</c>, PEP 599;
/// 2010, 1) or plain <c>linux_arch</c> (no compatibility promise, <see cref="Level"/> null).
/// </summary>
public sealed partial record PlatformTag(string Architecture, int? Level)
{
    /// <summary>Parses a tag; legacy aliases become their PEP 600 level. Throws naming the tag when it is not a Linux tag.</summary>
    public static PlatformTag Parse(string tag, ManylinuxPolicy policy)
    {
        var pep600 = Pep600().Match(tag);
        if (pep600.Success)
        {
            if (pep600.Groups[1].Value != "2")
                throw new ArgumentException($"'{tag}': only glibc 2 manylinux tags exist (manylinux_2_N_<arch>)");
            return new PlatformTag(pep600.Groups[3].Value, int.Parse(pep600.Groups[2].Value));
        }
        var legacy = Legacy().Match(tag);
        if (legacy.Success)
        {
            var arch = legacy.Groups[2].Value;
            var level = policy.LegacyLevel(legacy.Groups[1].Value, arch)
                ?? throw new ArgumentException($"'{tag}': {legacy.Groups[1].Value} does not exist for {arch}");
            return new PlatformTag(arch, level);
        }
        if (tag.StartsWith("linux_", StringComparison.Ordinal) && tag.Length > 6) return new PlatformTag(tag[6..], null);
        throw new ArgumentException($"'{tag}' is not a Linux platform tag; valid forms are manylinux_2_<N>_<arch>, manylinux2014_<arch>, manylinux2010_<arch>, manylinux1_<arch> and linux_<arch>");
    }

    public bool IsManylinux => Level is not null;

    public override string ToString() => Level is { } level ? $"manylinux_2_{level}_{Architecture}" : $"linux_{Architecture}";

    [GeneratedRegex(@"^manylinux_(\d+)_(\d+)_(\w+)$")]
    private static partial Regex Pep600();

    [GeneratedRegex(@"^(manylinux1|manylinux2010|manylinux2014)_(\w+)$")]
    private static partial Regex Legacy();
}
