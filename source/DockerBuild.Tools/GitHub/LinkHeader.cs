using System.Net.Http.Headers;
using System.Text.RegularExpressions;

namespace DockerBuild.Tools.GitHub;

/// <summary>Reads RFC 8288 <c>Link</c> headers as GitHub sends them for pagination.</summary>
public static partial class LinkHeader
{
    /// <summary>The target of the <c>rel="next"</c> link, or null on the last page.</summary>
    public static Uri? FindNext(HttpResponseHeaders headers, Uri requestUri)
    {
        if (!headers.TryGetValues("Link", out var values)) return null;
        foreach (var value in values)
        {
            foreach (Match m in LinkPattern().Matches(value))
            {
                var rels = m.Groups["rel"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (rels.Contains("next", StringComparer.OrdinalIgnoreCase))
                    return new Uri(requestUri, m.Groups["url"].Value);
            }
        }
        return null;
    }

    [GeneratedRegex("""<(?<url>[^>]*)>\s*;[^,]*?rel="?(?<rel>[^";,]+)"?""")]
    private static partial Regex LinkPattern();
}
