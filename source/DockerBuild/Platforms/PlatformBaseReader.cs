using System.Text.RegularExpressions;
using DockerBuild.Specs;

namespace DockerBuild.Platforms;

/// <summary>
/// Reads and validates a platform's <c>base:</c> mapping: exactly one of an upstream <c>image</c>
/// (<c>repo:tag[@sha256:…]</c>) or a <c>debian</c> bootstrap recipe consistent with the platform.
/// </summary>
internal static partial class PlatformBaseReader
{
    private static readonly IReadOnlyList<string> BaseKeys = ["image", "debian"];
    private static readonly IReadOnlyList<string> DebianKeys = ["suite", "snapshot", "architecture", "packages"];

    /// <summary>What the base is checked against: values the rest of the file declared (null when invalid there).</summary>
    public sealed record Context(string? Python, TargetArchitecture? Architecture);

    public static BaseSpec? Read(YamlFields platform, Context context)
    {
        var fields = platform.Mapping("base", BaseKeys, required: true);
        if (fields is null)
            return null;

        var hasImage = fields.Has("image");
        var hasDebian = fields.Has("debian");
        if (hasImage == hasDebian)
        {
            platform.Error("base", hasImage
                ? "give exactly one of 'image' or 'debian', not both (valid: image: <repo>:<tag>[@sha256:<digest>] | debian: {suite, snapshot, architecture, packages})"
                : "missing the base (valid: image: <repo>:<tag>[@sha256:<digest>] | debian: {suite, snapshot, architecture, packages})");
            return null;
        }

        return hasImage
            ? ReadImage(fields) is { } image ? new BaseSpec { Image = image } : null
            : ReadDebian(fields, context) is { } debian ? new BaseSpec { Debian = debian } : null;
    }

    private static UpstreamImage? ReadImage(YamlFields fields)
    {
        var reference = fields.String("image", required: true, expected: "<repository>:<tag>[@sha256:<64 hex>]");
        if (reference is null)
            return null;
        var match = ImageReference().Match(reference);
        if (!match.Success)
        {
            fields.Error("image", $"'{reference}' is not an image reference (valid: <repository>:<tag> or "
                + "<repository>:<tag>@sha256:<64 lowercase hex>, e.g. dockcross/linux-arm64-lts:20230222-162287d)");
            return null;
        }
        var digest = match.Groups["digest"].Success ? match.Groups["digest"].Value : null;
        return new UpstreamImage(match.Groups["repo"].Value, match.Groups["tag"].Value, digest);
    }

    private static DebianBase? ReadDebian(YamlFields baseFields, Context context)
    {
        var fields = baseFields.Mapping("debian", DebianKeys);
        if (fields is null)
            return null;
        var valid = true;

        var suites = PlatformVocabulary.DebianSuites;
        var suiteName = fields.Choice("suite", suites.Select(s => s.Name).ToList(), required: true);
        var suite = suites.FirstOrDefault(s => s.Name == suiteName);
        valid &= suite is not null;
        if (suite is not null && context.Python is not null && suite.Python != context.Python)
        {
            var matching = suites.Where(s => s.Python == context.Python).Select(s => s.Name).ToList();
            fields.Error("suite", $"{suite.Name} ships Python {suite.Python}, but the platform targets Python "
                + $"{context.Python} (valid for {context.Python}: {(matching.Count == 0 ? "none — use an image base" : string.Join(", ", matching))})");
            valid = false;
        }

        var snapshot = fields.String("snapshot", expected: "a timestamp like 20250801T000000Z");
        if (snapshot is not null && !Snapshot().IsMatch(snapshot))
        {
            fields.Error("snapshot", $"'{snapshot}' is not a snapshot timestamp (valid: YYYYMMDDTHHMMSSZ, e.g. 20250801T000000Z)");
            valid = false;
        }

        var architecture = fields.Choice("architecture", PlatformVocabulary.DpkgArchitectures);
        valid &= architecture is not null || !fields.Has("architecture");
        var architectureReadable = architecture is not null || !fields.Has("architecture");
        if (context.Architecture is { } target && architectureReadable && architecture != target.DpkgArchitecture)
        {
            fields.Error("architecture", target.DpkgArchitecture is null
                ? $"the cross_triple targets {target.TripleCpu}, the native amd64: leave 'architecture' out"
                : $"the cross_triple targets {target.TripleCpu} (valid: {target.DpkgArchitecture})");
            valid = false;
        }

        // Suffixes are checked against the architecture the triple implies, so a wrong 'architecture' is one error.
        var packageArchitecture = (context.Architecture is { } implied ? implied.DpkgArchitecture : architecture) ?? "amd64";
        var packages = new List<string>();
        foreach (var (package, node) in fields.StringList("packages"))
        {
            var match = DebianPackage().Match(package);
            if (!match.Success)
            {
                fields.Errors.Add(node, fields.Child("packages"),
                    $"'{package}' is not a Debian package name (valid: lowercase name[:architecture], e.g. libpython3.11-dev:arm64)");
                valid = false;
            }
            else if (match.Groups["arch"].Success && match.Groups["arch"].Value != packageArchitecture)
            {
                fields.Errors.Add(node, fields.Child("packages"),
                    $"'{package}' names architecture '{match.Groups["arch"].Value}' but the platform's is "
                    + $"'{packageArchitecture}' (valid suffix: :{packageArchitecture} or none)");
                valid = false;
            }
            packages.Add(package);
        }

        return valid && suiteName is not null
            ? new DebianBase { Suite = suiteName, Snapshot = snapshot, Architecture = architecture, Packages = packages }
            : null;
    }

    [GeneratedRegex(@"^(?<repo>[a-z0-9](?:[a-z0-9._\-/:]*[a-z0-9])?):(?<tag>[A-Za-z0-9_][A-Za-z0-9_.\-]{0,127})(?:@(?<digest>sha256:[0-9a-f]{64}))?$")]
    private static partial Regex ImageReference();

    [GeneratedRegex(@"^\d{8}T\d{6}Z$")]
    private static partial Regex Snapshot();

    [GeneratedRegex(@"^[a-z0-9][a-z0-9+.\-]+(?::(?<arch>[a-z0-9]+))?$")]
    private static partial Regex DebianPackage();
}
