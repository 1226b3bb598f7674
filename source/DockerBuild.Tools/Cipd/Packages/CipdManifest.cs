using System.Text;
using System.Text.Json;

namespace DockerBuild.Tools.Cipd.Packages;

/// <summary>
/// <c>.cipdpkg/manifest.json</c>, the last entry of every package. Serialised as the Go client does: two-space
/// indent, fields in the order format_version, package_name, version_file, install_mode, empty ones left out,
/// Go's HTML-safe string escaping, no trailing newline.
/// </summary>
public sealed record CipdManifest(string PackageName, string? VersionFile = null, string? InstallMode = null)
{
    public const string EntryName = ".cipdpkg/manifest.json";
    public const string ServiceDirectory = ".cipdpkg";
    public const string FormatVersion = "1.1";

    public string Format { get; init; } = FormatVersion;

    public byte[] ToBytes()
    {
        var text = new StringBuilder("{\n");
        var fields = new List<(string Key, string Value)> { ("format_version", Format), ("package_name", PackageName) };
        if (!string.IsNullOrEmpty(VersionFile)) fields.Add(("version_file", VersionFile));
        if (!string.IsNullOrEmpty(InstallMode)) fields.Add(("install_mode", InstallMode));
        for (var i = 0; i < fields.Count; i++)
        {
            text.Append("  ").Append(GoJsonString(fields[i].Key)).Append(": ").Append(GoJsonString(fields[i].Value));
            text.Append(i + 1 < fields.Count ? ",\n" : "\n");
        }
        text.Append('}');
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>Reads a manifest; an error names the package file and what is wrong.</summary>
    public static CipdManifest Parse(ReadOnlySpan<byte> json, string packageFile)
    {
        try
        {
            using var document = JsonDocument.Parse(json.ToArray());
            var root = document.RootElement;
            string? Field(string name) => root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            var format = Field("format_version") ?? throw new CipdStoreException($"{packageFile}: {EntryName} has no \"format_version\"");
            var name = Field("package_name") ?? throw new CipdStoreException($"{packageFile}: {EntryName} has no \"package_name\"");
            if (CipdNames.ValidatePackageName(name) is { } error) throw new CipdStoreException($"{packageFile}: {EntryName}: {error}");
            return new CipdManifest(name, Field("version_file"), Field("install_mode")) { Format = format };
        }
        catch (JsonException e)
        {
            throw new CipdStoreException($"{packageFile}: {EntryName} is not valid JSON: {e.Message}", e);
        }
    }

    private static string GoJsonString(string value)
    {
        var s = new StringBuilder("\"");
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': s.Append("\\\""); break;
                case '\\': s.Append("\\\\"); break;
                case '\n': s.Append("\\n"); break;
                case '\r': s.Append("\\r"); break;
                case '\t': s.Append("\\t"); break;
                case '<' or '>' or '&' or '\u2028' or '\u2029' or < ' ':
                    s.Append("\\u").Append(((int)c).ToString("x4")); break;
                default: s.Append(c); break;
            }
        }
        return s.Append('"').ToString();
    }
}
