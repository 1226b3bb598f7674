namespace DockerBuild.Wheels.Policy;

/// <summary>The platform tags pip must be told to accept for a platform's wheels (pip download --platform).</summary>
public static class AcceptedPlatformTags
{
    /// <summary>
    /// Every platform tag a wheel for these tags may carry, most preferred first. pip matches <c>--platform</c> exactly
    /// for perennial manylinux tags, so <c>manylinux_2_36_x86_64</c> is spelled out down to the architecture's first
    /// level, with the legacy aliases (manylinux2014 …) of each level.
    /// </summary>
    public static IReadOnlyList<string> For(IReadOnlyList<string> wheelPlat)
    {
        var policy = ManylinuxPolicy.Default;
        var tags = new List<string>();
        foreach (var tag in wheelPlat)
        {
            var match = System.Text.RegularExpressions.Regex.Match(tag, @"^manylinux_2_(\d+)_(.+)$");
            if (!match.Success || !policy.Architectures.Contains(match.Groups[2].Value))
            {
                tags.Add(tag);
                continue;
            }
            var architecture = match.Groups[2].Value;
            for (var level = int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture); level >= policy.MinimumLevel(architecture); level--)
            {
                tags.Add($"manylinux_2_{level}_{architecture}");
                tags.AddRange(policy.LegacyAliases(architecture, level));
            }
        }
        return tags.Distinct().ToList();
    }
}
