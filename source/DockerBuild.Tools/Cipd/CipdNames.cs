using System.Text.RegularExpressions;

namespace DockerBuild.Tools.Cipd;

/// <summary>What a version string names: an instance ID, a ref or a tag.</summary>
public enum CipdVersionKind
{
    InstanceId,
    Ref,
    Tag,
}

/// <summary>
/// CIPD's rules for package names, prefixes, tags, refs and versions. Each <c>Validate…</c> returns null when the
/// value is fine, else a message naming the value and the rule; each <c>Require…</c> throws that message.
/// </summary>
public static partial class CipdNames
{
    private const string PackageComponent = "[a-z0-9_\\-\\.]+";
    private const string TagKeyPattern = "^[a-z0-9_\\-]+$";
    private const string TagValuePattern = "^[A-Za-z0-9$()*+,\\-./:;<=>@\\\\_{}~ ]+$";
    private const string RefPattern = "^[a-z0-9_./\\-]{1,256}$";
    private const int MaxTagLength = 400;

    // The regexes end in \z, not $: .NET's $ also matches before a final newline, Go's does not.

    [GeneratedRegex("^([a-z0-9_\\-\\.]+/)*[a-z0-9_\\-\\.]+\\z")]
    private static partial Regex PackageNameRegex();

    [GeneratedRegex("^[a-z0-9_\\-]+\\z")]
    private static partial Regex TagKeyRegex();

    [GeneratedRegex("^[A-Za-z0-9$()*+,\\-./:;<=>@\\\\_{}~ ]+\\z")]
    private static partial Regex TagValueRegex();

    [GeneratedRegex("^[a-z0-9_./\\-]{1,256}\\z")]
    private static partial Regex RefRegex();

    public static string? ValidatePackageName(string? name) => ValidatePathLike(name, "package name");

    /// <summary>A prefix is a package name, or "" / "/" for everything; a trailing '/' is allowed.</summary>
    public static string? ValidatePackagePrefix(string? prefix)
    {
        var trimmed = (prefix ?? "").TrimEnd('/');
        return trimmed.Length == 0 ? null : ValidatePathLike(trimmed, "package prefix");
    }

    public static string? ValidateTag(string? tag)
    {
        tag ??= "";
        var colon = tag.IndexOf(':');
        if (colon < 0) return $"\"{tag}\" doesn't look like a tag (a key:value pair)";
        if (tag.Length > MaxTagLength) return $"the tag is too long, should be <={MaxTagLength} chars: \"{tag}\"";
        var key = tag[..colon];
        var value = tag[(colon + 1)..];
        if (!TagKeyRegex().IsMatch(key)) return $"invalid tag key in \"{tag}\": should match \"{TagKeyPattern}\"";
        if (value.StartsWith(' ') || value.EndsWith(' ')) return $"invalid tag value in \"{tag}\": should not start or end with ' '";
        if (!TagValueRegex().IsMatch(value)) return $"invalid tag value in \"{tag}\": should match \"{TagValuePattern}\"";
        return null;
    }

    public static string? ValidateRef(string? refName)
    {
        refName ??= "";
        if (CipdInstanceId.IsValid(refName)) return $"invalid ref name \"{refName}\": it looks like an instance ID causing ambiguities";
        if (!RefRegex().IsMatch(refName)) return $"invalid ref name \"{refName}\": must match \"{RefPattern}\"";
        return null;
    }

    /// <summary>A version is an instance ID, a ref or a tag, tried in that order (as CIPD does).</summary>
    public static CipdVersionKind ClassifyVersion(string version)
    {
        if (CipdInstanceId.IsValid(version)) return CipdVersionKind.InstanceId;
        if (ValidateRef(version) is null) return CipdVersionKind.Ref;
        if (ValidateTag(version) is null) return CipdVersionKind.Tag;
        throw new CipdValidationException($"bad version \"{version}\": not an instance ID, a ref or a tag");
    }

    public static string RequirePackageName(string name) => Require(name, ValidatePackageName(name));
    public static string RequireTag(string tag) => Require(tag, ValidateTag(tag));
    public static string RequireRef(string refName) => Require(refName, ValidateRef(refName));

    private static string Require(string value, string? error) => error is null ? value : throw new CipdValidationException(error);

    private static string? ValidatePathLike(string? path, string title)
    {
        path ??= "";
        if (!PackageNameRegex().IsMatch(path))
            return $"invalid {title} \"{path}\": must be a slash-separated path where each component matches \"{PackageComponent}\"";
        if (path.Split('/').Any(component => component.All(c => c == '.')))
            return $"invalid {title} \"{path}\": dots-only path components are forbidden";
        return null;
    }
}
