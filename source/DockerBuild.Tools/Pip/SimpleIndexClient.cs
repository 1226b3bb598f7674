using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace DockerBuild.Tools.Pip;

/// <summary>One file a project page lists: its name, absolute URL and the sha256 the index states (if any).</summary>
public sealed record IndexFile(string FileName, Uri Url, string? Sha256, bool Yanked);

/// <summary>A project page that could not be read from the index.</summary>
public sealed class PackageIndexException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Reads a project's file list from a Python simple repository API: the PEP 691 JSON form when the index offers
/// it, otherwise the PEP 503 HTML form (anchors with <c>#sha256=</c> fragments).
/// </summary>
public sealed partial class SimpleIndexClient(HttpClient http, Uri indexUrl)
{
    private const string JsonMediaType = "application/vnd.pypi.simple.v1+json";

    /// <summary>PEP 503 name normalisation: runs of <c>-_.</c> become one <c>-</c>, lowercase.</summary>
    public static string NormalizeName(string name) => SeparatorRun().Replace(name, "-").ToLowerInvariant();

    /// <summary>Every file the index lists for <paramref name="project"/>.</summary>
    public async Task<IReadOnlyList<IndexFile>> ListFilesAsync(string project, CancellationToken cancellationToken = default)
    {
        var root = indexUrl.AbsoluteUri.EndsWith('/') ? indexUrl : new Uri(indexUrl.AbsoluteUri + "/");
        var page = new Uri(root, NormalizeName(project) + "/");
        using var request = new HttpRequestMessage(HttpMethod.Get, page);
        request.Headers.Accept.Add(MediaTypeWithQualityHeaderValue.Parse(JsonMediaType));
        request.Headers.Accept.Add(MediaTypeWithQualityHeaderValue.Parse("application/vnd.pypi.simple.v1+html;q=0.2"));
        request.Headers.Accept.Add(MediaTypeWithQualityHeaderValue.Parse("text/html;q=0.01"));
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new PackageIndexException($"could not reach the package index at {page}: {e.Message}", e);
        }
        using (response)
        {
            if (response.StatusCode == HttpStatusCode.NotFound)
                throw new PackageIndexException($"the package index {root} has no project '{project}' ({page} returned 404)");
            if (!response.IsSuccessStatusCode)
                throw new PackageIndexException($"the package index returned {(int)response.StatusCode} {response.ReasonPhrase} for {page}");
            var baseUri = response.RequestMessage?.RequestUri ?? page;
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            var mediaType = response.Content.Headers.ContentType?.MediaType ?? "";
            return mediaType.Equals(JsonMediaType, StringComparison.OrdinalIgnoreCase)
                ? ParseJson(body, baseUri)
                : ParseHtml(body, baseUri);
        }
    }

    /// <summary>Files of a PEP 691 JSON project page.</summary>
    public static IReadOnlyList<IndexFile> ParseJson(string body, Uri pageUri)
    {
        JsonProjectPage? parsed;
        try { parsed = JsonSerializer.Deserialize<JsonProjectPage>(body); }
        catch (JsonException e) { throw new PackageIndexException($"{pageUri} is not a valid PEP 691 JSON project page: {e.Message}", e); }
        return (parsed?.Files ?? []).Select(f =>
        {
            f.Hashes.TryGetValue("sha256", out var sha);
            var yanked = f.Yanked.ValueKind is JsonValueKind.True or JsonValueKind.String;
            return new IndexFile(f.Filename, new Uri(pageUri, f.Url), sha?.ToLowerInvariant(), yanked);
        }).ToList();
    }

    /// <summary>Files of a PEP 503 HTML project page.</summary>
    public static IReadOnlyList<IndexFile> ParseHtml(string body, Uri pageUri)
    {
        var files = new List<IndexFile>();
        foreach (Match anchor in AnchorPattern().Matches(body))
        {
            var attributes = anchor.Groups["attrs"].Value;
            var href = AttributeValue(attributes, "href");
            if (href is null) continue;
            var url = new Uri(pageUri, WebUtility.HtmlDecode(href));
            string? sha = null;
            if (url.Fragment.StartsWith("#sha256=", StringComparison.OrdinalIgnoreCase)) sha = url.Fragment["#sha256=".Length..].ToLowerInvariant();
            var withoutFragment = new UriBuilder(url) { Fragment = "" }.Uri;
            var text = WebUtility.HtmlDecode(TagPattern().Replace(anchor.Groups["text"].Value, "")).Trim();
            var name = text.Length > 0 ? text : Uri.UnescapeDataString(withoutFragment.Segments[^1]);
            files.Add(new IndexFile(name, withoutFragment, sha, AttributeValue(attributes, "data-yanked") is not null));
        }
        return files;
    }

    private static string? AttributeValue(string attributes, string name)
    {
        var m = Regex.Match(attributes, $"""(?:^|\s){Regex.Escape(name)}\s*(?:=\s*(?:"(?<v>[^"]*)"|'(?<v>[^']*)'|(?<v>[^\s>]+)))?""", RegexOptions.IgnoreCase);
        return m.Success ? m.Groups["v"].Value : null;
    }

    [GeneratedRegex("[-_.]+")] private static partial Regex SeparatorRun();
    [GeneratedRegex("""<a\b(?<attrs>[^>]*)>(?<text>.*?)</a\s*>""", RegexOptions.IgnoreCase | RegexOptions.Singleline)] private static partial Regex AnchorPattern();
    [GeneratedRegex("<[^>]*>")] private static partial Regex TagPattern();

    private sealed record JsonProjectPage
    {
        [JsonPropertyName("files")] public List<JsonFile> Files { get; init; } = [];
    }

    private sealed record JsonFile
    {
        [JsonPropertyName("filename")] public string Filename { get; init; } = "";
        [JsonPropertyName("url")] public string Url { get; init; } = "";
        [JsonPropertyName("hashes")] public Dictionary<string, string> Hashes { get; init; } = [];
        [JsonPropertyName("yanked")] public JsonElement Yanked { get; init; }
    }
}
