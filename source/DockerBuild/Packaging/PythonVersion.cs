using System.Globalization;
using System.Text.RegularExpressions;

namespace DockerBuild.Packaging;

/// <summary>
/// A PEP 440 version for ordering: epoch, release, pre-release (a/b/rc and their spellings), post and dev releases.
/// Local versions (<c>+abc</c>) and anything else are refused with a message saying what can be ordered.
/// </summary>
public sealed partial class PythonVersion : IComparable<PythonVersion>
{
    private PythonVersion(string text, int epoch, IReadOnlyList<long> release, (int Phase, long Number)? pre, long? post, long? dev)
    {
        Text = text;
        Epoch = epoch;
        Release = release;
        Pre = pre;
        Post = post;
        Dev = dev;
    }

    /// <summary>The version as given.</summary>
    public string Text { get; }
    public int Epoch { get; }
    /// <summary>The release numbers, e.g. [1, 5, 2] for 1.5.2.</summary>
    public IReadOnlyList<long> Release { get; }
    /// <summary>Phase 0 = a, 1 = b, 2 = rc.</summary>
    public (int Phase, long Number)? Pre { get; }
    public long? Post { get; }
    public long? Dev { get; }

    /// <summary>A pre-release or development release: pip skips these unless asked.</summary>
    public bool IsPrerelease => Pre is not null || Dev is not null;

    [GeneratedRegex(@"^v?(?:(?<epoch>\d+)!)?(?<release>\d+(?:\.\d+)*)"
        + @"(?:[-_.]?(?<pre>alpha|beta|preview|pre|rc|a|b|c)[-_.]?(?<preN>\d+)?)?"
        + @"(?:-(?<postImplicit>\d+)|[-_.]?(?<post>post|rev|r)[-_.]?(?<postN>\d+)?)?"
        + @"(?:[-_.]?(?<dev>dev)[-_.]?(?<devN>\d+)?)?\z", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    public static bool TryParse(string text, out PythonVersion? version)
    {
        version = null;
        var match = Pattern().Match(text.Trim());
        if (!match.Success) return false;
        static long Number(Group g) => g.Success ? long.Parse(g.Value, CultureInfo.InvariantCulture) : 0;
        (int, long)? pre = null;
        if (match.Groups["pre"].Success)
        {
            var phase = match.Groups["pre"].Value.ToLowerInvariant() switch
            {
                "a" or "alpha" => 0,
                "b" or "beta" => 1,
                _ => 2, // rc, c, pre, preview
            };
            pre = (phase, Number(match.Groups["preN"]));
        }
        long? post = match.Groups["postImplicit"].Success ? Number(match.Groups["postImplicit"])
            : match.Groups["post"].Success ? Number(match.Groups["postN"]) : null;
        long? dev = match.Groups["dev"].Success ? Number(match.Groups["devN"]) : null;
        var release = match.Groups["release"].Value.Split('.').Select(p => long.Parse(p, CultureInfo.InvariantCulture)).ToList();
        var epoch = match.Groups["epoch"].Success ? int.Parse(match.Groups["epoch"].Value, CultureInfo.InvariantCulture) : 0;
        version = new PythonVersion(text, epoch, release, pre, post, dev);
        return true;
    }

    /// <summary>Parses or throws naming the version, where it came from, and the forms that can be ordered.</summary>
    public static PythonVersion Parse(string text, string origin)
    {
        if (TryParse(text, out var version)) return version!;
        var local = text.Contains('+') ? " (local versions with '+' cannot be ordered against published ones)" : "";
        throw new PackagingException($"cannot order version '{text}' of {origin}{local}: expected a PEP 440 version such as "
            + "1.5.2, 2!1.0, 1.0a1, 1.0b2, 1.0rc1, 1.0.post1 or 1.0.dev3");
    }

    public int CompareTo(PythonVersion? other)
    {
        if (other is null) return 1;
        var c = Epoch.CompareTo(other.Epoch);
        if (c != 0) return c;
        c = CompareRelease(Release, other.Release);
        if (c != 0) return c;
        c = PreKey().CompareTo(other.PreKey());
        if (c != 0) return c;
        c = (Post ?? -1).CompareTo(other.Post ?? -1);
        if (c != 0) return c;
        return (Dev ?? long.MaxValue).CompareTo(other.Dev ?? long.MaxValue);
    }

    // A dev release of a final (1.0.dev1) sorts before its pre-releases; a final sorts after them.
    private (int, long) PreKey() => Pre switch
    {
        { } p => p,
        null when Dev is not null && Post is null => (-1, 0),
        _ => (int.MaxValue, 0),
    };

    private static int CompareRelease(IReadOnlyList<long> a, IReadOnlyList<long> b)
    {
        for (var i = 0; i < Math.Max(a.Count, b.Count); i++)
        {
            var c = (i < a.Count ? a[i] : 0).CompareTo(i < b.Count ? b[i] : 0);
            if (c != 0) return c;
        }
        return 0;
    }

    public override string ToString() => Text;

    /// <summary>
    /// Whether two version texts name the same PEP 440 version (a wheel file carries the normalised form: "1.0.0rc1"
    /// for "1.0.0-rc1", and 1.0 equals 1.0.0); texts that do not parse must be equal.
    /// </summary>
    public static bool SameVersion(string a, string b) =>
        a == b || (TryParse(a, out var x) && TryParse(b, out var y) && x!.CompareTo(y) == 0);
}
